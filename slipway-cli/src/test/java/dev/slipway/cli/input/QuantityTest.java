package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "512Mi, 536870912",
        "1Gi, 1073741824",
        "500M, 500000000",
        "1.5Gi, 1610612736",
        "64Ki, 65536",
        "2k, 2000",
        "2K, 2000",
        "1Ti, 1099511627776",
        "1048576, 1048576",
        "0, 0"
    })
    void parsesKubernetesQuantities(String text, long bytes) {
        assertThat(Quantity.parse(text).bytes()).isEqualTo(bytes);
    }

    @Test
    void equalSizesAreEqualWhateverTheSpelling() {
        assertThat(Quantity.parse("1Gi")).isEqualTo(Quantity.parse("1024Mi"));
        assertThat(Quantity.parse("1G")).isNotEqualTo(Quantity.parse("1Gi"));
    }

    @ParameterizedTest
    @CsvSource({
        "512Mi, 512Mi",
        "1024Mi, 1Gi",
        "1536Mi, 1536Mi",
        "500M, 500M",
        "1000k, 1M",
        "1234, 1234"
    })
    void printsTheShortestExactSpellingPreferringBinaryUnits(String text, String printed) {
        assertThat(Quantity.parse(text)).hasToString(printed);
    }

    @Test
    void printedFormParsesBackToTheSameSize() {
        for (String text : new String[] {"512Mi", "1.5Gi", "500M", "3", "7Ki"}) {
            Quantity quantity = Quantity.parse(text);
            assertThat(Quantity.parse(quantity.toString())).isEqualTo(quantity);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"512mb", "Mi", "-1Gi", "1.5", "12 apples", "1e3", "1Pi"})
    void rejectsTextThatIsNotAQuantityNamingTheSyntax(String text) {
        assertThatThrownBy(() -> Quantity.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim().isEmpty() ? "required" : "'" + text + "'");
    }

    @Test
    void rejectsBlankAndOverflowingQuantities() {
        assertThatThrownBy(() -> Quantity.parse(" ")).hasMessageContaining("required");
        assertThatThrownBy(() -> Quantity.parse("99999999999Ti")).hasMessageContaining("8Ei");
        assertThatThrownBy(() -> new Quantity(-1)).hasMessageContaining("negative");
    }
}
