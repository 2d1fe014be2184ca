package dev.slipway.core.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void acceptsADifferenceUpToAbsolutePlusRelativeTimesExpected() {
        Tolerance tolerance = new Tolerance(0.5, 0.25);

        assertThat(tolerance.accepts(10, 13)).isTrue();
        assertThat(tolerance.accepts(10, 7)).isTrue();
    }

    @Test
    void rejectsADifferenceBeyondTheBound() {
        Tolerance tolerance = new Tolerance(0.5, 0.25);

        assertThat(tolerance.accepts(10, 13.01)).isFalse();
        assertThat(tolerance.accepts(10, 6.99)).isFalse();
    }

    @Test
    void scalesTheRelativePartWithTheExpectedValueNotTheActualOne() {
        Tolerance tolerance = new Tolerance(0, 0.5);

        assertThat(tolerance.accepts(2, 3)).isTrue();
        assertThat(tolerance.accepts(3, 2)).isTrue();
        assertThat(tolerance.accepts(2, 3.1)).isFalse();
    }

    @Test
    void defaultAcceptsFloatRoundingButNotARealDifference() {
        assertThat(Tolerance.DEFAULT.accepts(0.91, 0.91 + 1e-7)).isTrue();
        assertThat(Tolerance.DEFAULT.accepts(0.91, 0.9101)).isFalse();
    }

    @Test
    void nanMatchesOnlyNaN() {
        assertThat(Tolerance.DEFAULT.accepts(Double.NaN, Double.NaN)).isTrue();
        assertThat(Tolerance.DEFAULT.accepts(Double.NaN, 0)).isFalse();
        assertThat(Tolerance.DEFAULT.accepts(0, Double.NaN)).isFalse();
    }

    @Test
    void infinityMatchesOnlyTheSameInfinity() {
        Tolerance generous = new Tolerance(1e300, 1e300);

        assertThat(generous.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(generous.accepts(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(generous.accepts(Double.POSITIVE_INFINITY, 1e308)).isFalse();
    }

    @Test
    void rejectsNegativeOrNaNBounds() {
        assertThatThrownBy(() -> new Tolerance(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute -1.0");
        assertThatThrownBy(() -> new Tolerance(0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative NaN");
    }
}
