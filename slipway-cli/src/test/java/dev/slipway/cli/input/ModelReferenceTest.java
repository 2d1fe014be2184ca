package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelReferenceTest {

    @Test
    void parsesAPinnedVersion() {
        assertThat(ModelReference.parse("fraud-score:3"))
                .isEqualTo(new ModelReference.Pinned("fraud-score", 3));
        assertThat(ModelReference.parse("fraud-score:3").text()).isEqualTo("fraud-score:3");
    }

    @Test
    void parsesAnAlias() {
        assertThat(ModelReference.parse("breast-cancer@champion"))
                .isEqualTo(new ModelReference.Aliased("breast-cancer", "champion"));
        assertThat(ModelReference.parse("breast-cancer@champion").text())
                .isEqualTo("breast-cancer@champion");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "fraud",
                "fraud:",
                "fraud:x",
                "fraud:0",
                "fraud:-1",
                ":3",
                "@a",
                "a@",
                "a:1@b",
                "a b:1"
            })
    void rejectsAnythingElseNamingBothForms(String text) {
        assertThatThrownBy(() -> ModelReference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME:VERSION")
                .hasMessageContaining("NAME@ALIAS");
    }

    @Test
    void namesCannotHoldCharactersUsedInReferencesOrUrls() {
        assertThat(ModelReference.requireName("wine_v2.onnx-1")).isEqualTo("wine_v2.onnx-1");
        for (String name : new String[] {"a/b", "a:b", "a@b", "a b", " ", "a?b"}) {
            assertThatThrownBy(() -> ModelReference.requireName(name))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
