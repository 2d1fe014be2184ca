package dev.slipway.core.registry;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void parsesAPinnedVersion() {
        ModelRef ref = ModelRef.parse("model", "fraud:3");

        assertThat(ref).isEqualTo(new ModelRef.Pinned("fraud", 3));
        assertThat(ref.model()).isEqualTo("fraud");
        assertThat(ref).hasToString("fraud:3");
    }

    @Test
    void parsesAnAlias() {
        ModelRef ref = ModelRef.parse("model", "fraud@champion");

        assertThat(ref).isEqualTo(new ModelRef.Aliased("fraud", "champion"));
        assertThat(ref).hasToString("fraud@champion");
    }

    @Test
    void acceptsDotsAndDashesInTheModelName() {
        assertThat(ModelRef.parse("model", "breast-cancer.v2:12"))
                .isEqualTo(new ModelRef.Pinned("breast-cancer.v2", 12));
    }

    @Test
    void requiresAReferenceNamingTheField() {
        assertInvalid(null, "model is required (NAME:VERSION or NAME@ALIAS)");
        assertInvalid("  ", "model is required (NAME:VERSION or NAME@ALIAS)");
    }

    @Test
    void rejectsANameWithoutVersionOrAlias() {
        assertInvalid("fraud", "model 'fraud' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
    }

    @Test
    void rejectsAVersionBelowOneOrNotANumber() {
        assertInvalid(
                "fraud:0", "model 'fraud:0' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
        assertInvalid(
                "fraud:latest",
                "model 'fraud:latest' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
        assertInvalid("fraud:", "model 'fraud:' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
    }

    @Test
    void rejectsAnEmptyModelName() {
        assertInvalid(":3", "model ':3' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
        assertInvalid(
                "@champion", "model '@champion' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
    }

    @Test
    void rejectsAnInvalidAliasNamingIt() {
        assertThatThrownBy(() -> ModelRef.parse("model", "fraud@Champion!"))
                .hasMessageStartingWith("model alias 'Champion!' is invalid");
    }

    @Test
    void rejectsAnInvalidModelNameNamingIt() {
        assertThatThrownBy(() -> ModelRef.parse("model", "Fraud:1"))
                .hasMessageStartingWith("model model name 'Fraud' is invalid");
    }

    private static void assertInvalid(String text, String message) {
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> ModelRef.parse("model", text))
                .hasMessage(message);
    }
}
