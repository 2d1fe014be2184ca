package dev.slipway.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EquivalenceCriteriaTest {

    @Test
    void nullBoundsAreNotChecked() {
        EquivalenceCriteria criteria = EquivalenceCriteria.minPairsOnly(1);

        assertThat(criteria.maxKsStatistic()).isNull();
        assertThat(criteria.minPValue()).isNull();
        assertThat(criteria.maxMeanAbsDiff()).isNull();
        assertThat(criteria.minAgreement()).isNull();
    }

    @Test
    void acceptsTheEndsOfEachRange() {
        assertThat(new EquivalenceCriteria(1, 0.0, 1.0, 0.0, 1.0).minAgreement()).isEqualTo(1.0);
        assertThat(new EquivalenceCriteria(1, 1.0, 0.0, 5.0, 0.0).maxKsStatistic()).isEqualTo(1.0);
    }

    @Test
    void minPairsMustBeAtLeastOne() {
        assertRejected(
                () -> EquivalenceCriteria.minPairsOnly(0), "analysis.minPairs must be >= 1, got 0");
    }

    @Test
    void probabilityLikeBoundsMustLieBetweenZeroAndOne() {
        assertRejected(
                () -> new EquivalenceCriteria(1, 1.5, null, null, null),
                "analysis.maxKsStatistic must be in [0, 1], got 1.5");
        assertRejected(
                () -> new EquivalenceCriteria(1, null, -0.01, null, null),
                "analysis.minPValue must be in [0, 1], got -0.01");
        assertRejected(
                () -> new EquivalenceCriteria(1, null, null, null, 2.0),
                "analysis.minAgreement must be in [0, 1], got 2.0");
    }

    @Test
    void nanIsRejectedBecauseEveryComparisonWithItIsFalse() {
        assertRejected(
                () -> new EquivalenceCriteria(1, Double.NaN, null, null, null),
                "analysis.maxKsStatistic must be in [0, 1], got NaN");
        assertRejected(
                () -> new EquivalenceCriteria(1, null, null, Double.NaN, null),
                "analysis.maxMeanAbsDiff must be a finite number >= 0, got NaN");
    }

    @Test
    void meanDifferenceBoundMustBeFiniteAndNotNegative() {
        assertRejected(
                () -> new EquivalenceCriteria(1, null, null, -1e-3, null),
                "analysis.maxMeanAbsDiff must be a finite number >= 0, got -0.001");
        assertRejected(
                () -> new EquivalenceCriteria(1, null, null, Double.POSITIVE_INFINITY, null),
                "analysis.maxMeanAbsDiff must be a finite number >= 0, got Infinity");
    }

    private static void assertRejected(Runnable construction, String message) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
