package dev.slipway.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PopulationStabilityTest {

    @Test
    void edgesAreThePrimarysDecilesAsObservedValues() {
        double[] primary = new double[100];
        for (int i = 0; i < primary.length; i++) {
            primary[99 - i] = i + 1; // order must not matter
        }

        assertThat(PopulationStability.decileEdges(primary))
                .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
    }

    @Test
    void edgesOfASampleSmallerThanTenRepeatValues() {
        assertThat(PopulationStability.decileEdges(new double[] {3, 1, 2}))
                .containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 3);
    }

    @Test
    void identicalSamplesHaveAnIndexOfZero() {
        double[] values = new Random(3).doubles(1000).toArray();

        assertThat(PopulationStability.index(values, values.clone())).isZero();
    }

    @Test
    void aConstantPrimaryMatchedByAConstantCandidateIsStable() {
        assertThat(PopulationStability.index(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5}))
                .isZero();
    }

    @Test
    void aCandidateEntirelyAboveThePrimaryMatchesTheHandComputedFormula() {
        double[] primary = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; // edges 1..9, a tenth in each bin
        double[] candidate = {20, 20, 20, 20}; // all in (9, +inf)

        // Nine bins go from 0.1 to the floor 1e-4, the last goes from 0.1 to 1.
        double expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
        assertThat(PopulationStability.index(primary, candidate))
                .isCloseTo(expected, within(1e-12))
                .isCloseTo(8.2831, within(1e-4));
    }

    @Test
    void binsAreClosedOnTheRightSoAValueOnAnEdgeJoinsThePrimaryValuesEqualToIt() {
        // Edges 1,1,1,1,1,2,2,2,2: half the primary in (-inf, 1], half in (1, 2].
        double[] primary = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};

        assertThat(PopulationStability.index(primary, new double[] {1, 2})).isZero();
        assertThat(PopulationStability.index(primary, new double[] {1, 2.5})).isGreaterThan(1);
    }

    @Test
    void aSmallShiftIsStableAndALargeOneIsNot() {
        Random random = new Random(5);
        double[] primary = random.doubles(5000).toArray();
        double[] nudged = primary.clone();
        double[] shifted = primary.clone();
        for (int i = 0; i < primary.length; i++) {
            nudged[i] += 0.005;
            shifted[i] += 0.3;
        }

        assertThat(PopulationStability.index(primary, nudged)).isLessThan(0.1);
        assertThat(PopulationStability.index(primary, shifted)).isGreaterThan(0.25);
    }

    @Test
    void anEmptySideHasNoIndex() {
        assertThat(PopulationStability.index(new double[0], new double[] {1})).isNaN();
        assertThat(PopulationStability.index(new double[] {1}, new double[0])).isNaN();
    }
}
