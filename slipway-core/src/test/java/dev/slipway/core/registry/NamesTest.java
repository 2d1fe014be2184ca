package dev.slipway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void acceptsLowerCaseLabelsWithDotsUnderscoresAndDashesInside() {
        for (String name :
                new String[] {"a", "7", "fraud", "breast-cancer", "wine_v2.1", "a".repeat(63)}) {
            assertThat(Names.require("model name", name)).isEqualTo(name);
        }
    }

    @Test
    void rejectsNamesBreakingTheRuleNamingTheField() {
        for (String name :
                new String[] {
                    "",
                    "Fraud",
                    "-fraud",
                    "fraud-",
                    ".fraud",
                    "fraud_",
                    "fr aud",
                    "fraud/1",
                    "a".repeat(64)
                }) {
            assertThatThrownBy(() -> Names.require("endpoint name", name))
                    .isInstanceOf(SlipwayException.class)
                    .hasMessageStartingWith("endpoint name '" + name + "' is invalid: use 1-63")
                    .extracting(failure -> ((SlipwayException) failure).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Names.require("alias", null))
                .hasMessageStartingWith("alias 'null' is invalid");
    }
}
