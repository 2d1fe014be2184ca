package dev.slipway.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void roundsTheValueToThreeDigitsAndWritesTheLimitAsGiven() {
        assertThat(Figures.compared(0.23145, ">", 0.1)).isEqualTo("0.231 > 0.1");
        assertThat(Figures.compared(0.3000000119, ">", 0.001)).isEqualTo("0.3 > 0.001");
        assertThat(Figures.compared(0.95, "<", 0.99)).isEqualTo("0.95 < 0.99");
    }

    @Test
    void addsDigitsUntilTheValueNoLongerReadsAsTheLimit() {
        assertThat(Figures.compared(0.0010004, ">", 0.001)).isEqualTo("0.0010004 > 0.001");
        assertThat(Figures.compared(0.0499999, "<", 0.05)).isEqualTo("0.0499999 < 0.05");
    }

    @Test
    void writesVerySmallOrLargeNumbersInScientificNotation() {
        assertThat(Figures.compared(1.2345e-7, "<", 0.05)).isEqualTo("1.23E-7 < 0.05");
        assertThat(Figures.rounded(3.5e9, 3)).isEqualTo("3.5E+9");
        assertThat(Figures.rounded(0, 3)).isEqualTo("0");
    }

    @Test
    void writesNonFiniteValuesAsJavaDoes() {
        assertThat(Figures.compared(Double.POSITIVE_INFINITY, ">", 1e-3))
                .isEqualTo("Infinity > 0.001");
        assertThat(Figures.rounded(Double.NaN, 3)).isEqualTo("NaN");
    }
}
