package dev.slipway.core.analysis;

import static dev.slipway.core.analysis.Mirrors.PROBABILITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The numbers of one output: how elements are paired, flattened and fed to the statistics. */
class OutputComparisonTest {
    private static final EquivalenceCriteria ANY = EquivalenceCriteria.minPairsOnly(1);

    @Test
    void batchOutputsAreComparedElementWiseInRowMajorOrder() {
        // Two requests with a [2, 3] batch each: twelve elements per side.
        double[][] primary = {{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {0.7, 0.8, 0.9, 1.0, 1.1, 1.2}};
        double[][] candidate = {{0.1, 0.2, 0.3, 0.4, 0.5, 0.9}, {0.7, 0.8, 0.9, 1.0, 1.1, 1.0}};
        List<MirroredPair> pairs = new ArrayList<>();
        for (int i = 0; i < primary.length; i++) {
            pairs.add(
                    Mirrors.answered(
                            List.of(batch(PROBABILITY, primary[i])),
                            List.of(batch(PROBABILITY, candidate[i]))));
        }

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output(PROBABILITY);

        assertThat(comparison.pairs()).isEqualTo(2);
        assertThat(comparison.meanAbsDiff()).isCloseTo((0.3 + 0.2) / 12, within(1e-7));
        assertThat(comparison.maxAbsDiff()).isCloseTo(0.3, within(1e-7));
        KolmogorovSmirnovTest.TwoResult direct =
                KolmogorovSmirnovTest.withDefaults()
                        .test(concat(primary[0], primary[1]), concat(candidate[0], candidate[1]));
        assertThat(comparison.ksStatistic()).isEqualTo(direct.getStatistic());
        assertThat(comparison.pValue()).isEqualTo(direct.getPValue());
    }

    @Test
    void ksNumbersAreExactlyThoseOfCommonsStatisticsOnTheFlattenedValues() {
        Random random = new Random(11);
        List<MirroredPair> pairs = new ArrayList<>();
        double[] primary = new double[300 * 4];
        double[] candidate = new double[300 * 4];
        for (int request = 0; request < 300; request++) {
            double[] expected = new double[4];
            double[] actual = new double[4];
            for (int k = 0; k < 4; k++) {
                expected[k] = random.nextGaussian();
                actual[k] = random.nextGaussian() + 0.05;
                primary[request * 4 + k] = expected[k];
                candidate[request * 4 + k] = actual[k];
            }
            pairs.add(
                    Mirrors.answered(
                            List.of(doubles(PROBABILITY, expected)),
                            List.of(doubles(PROBABILITY, actual))));
        }

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output(PROBABILITY);

        KolmogorovSmirnovTest.TwoResult direct =
                KolmogorovSmirnovTest.withDefaults().test(primary, candidate);
        assertThat(comparison.ksStatistic()).isEqualTo(direct.getStatistic()).isPositive();
        assertThat(comparison.pValue()).isEqualTo(direct.getPValue());
        assertThat(comparison.psi()).isEqualTo(PopulationStability.index(primary, candidate));
    }

    @Test
    void aNaNAgainstANumberIsAnUnboundedDifferenceAndNaNsStayOutOfKs() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.probability(Double.NaN, Double.NaN),
                        Mirrors.probability(0.2, 0.2),
                        Mirrors.probability(0.3, Double.NaN),
                        Mirrors.probability(0.4, 0.4));

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output(PROBABILITY);

        assertThat(comparison.maxAbsDiff()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(comparison.meanAbsDiff()).isEqualTo(Double.POSITIVE_INFINITY);
        KolmogorovSmirnovTest.TwoResult direct =
                KolmogorovSmirnovTest.withDefaults()
                        .test(new double[] {0.2f, 0.3f, 0.4f}, new double[] {0.2f, 0.4f});
        assertThat(comparison.ksStatistic()).isEqualTo(direct.getStatistic());
    }

    @Test
    void twoNaNsOrTwoEqualInfinitiesDoNotDiffer() {
        assertThat(OutputSamples.absoluteDifference(Double.NaN, Double.NaN)).isZero();
        assertThat(
                        OutputSamples.absoluteDifference(
                                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY))
                .isZero();
        assertThat(
                        OutputSamples.absoluteDifference(
                                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(OutputSamples.absoluteDifference(1, Double.NaN))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(OutputSamples.absoluteDifference(1, 0.25)).isEqualTo(0.75);
    }

    @Test
    void aCandidateOfAnotherFloatingPrecisionIsComparedByValue() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.answered(
                                List.of(doubles(PROBABILITY, 0.5, 0.25)),
                                List.of(Mirrors.floats(PROBABILITY, 0.5, 0.25))));

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output(PROBABILITY);

        assertThat(comparison.pairs()).isEqualTo(1);
        assertThat(comparison.maxAbsDiff()).isZero();
    }

    @Test
    void stringOutputsAreComparedOnlyByAgreement() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.answered(
                                List.of(Tensor.ofStrings("class", new long[] {2}, "cat", "dog")),
                                List.of(Tensor.ofStrings("class", new long[] {2}, "cat", "cow"))),
                        Mirrors.answered(
                                List.of(Tensor.ofStrings("class", new long[] {2}, "dog", "dog")),
                                List.of(Tensor.ofStrings("class", new long[] {2}, "dog", "dog"))));

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output("class");

        assertThat(comparison.categorical()).isTrue();
        assertThat(comparison.agreement()).isEqualTo(0.75);
        assertThat(comparison.meanAbsDiff()).isNaN();
        assertThat(comparison.maxAbsDiff()).isNaN();
        assertThat(comparison.ksStatistic()).isNaN();
        assertThat(comparison.pValue()).isNaN();
        assertThat(comparison.psi()).isNaN();
    }

    @Test
    void booleanOutputsAreCategorical() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.answered(
                                List.of(bools("fraud", true, false, false, true)),
                                List.of(bools("fraud", true, false, true, true))));

        OutputComparison comparison = EquivalenceAnalysis.analyze(pairs, ANY).output("fraud");

        assertThat(comparison.categorical()).isTrue();
        assertThat(comparison.agreement()).isEqualTo(0.75);
        assertThat(comparison.meanAbsDiff()).isEqualTo(0.25);
    }

    @Test
    void anAgreementIsOnlyForCategoricalOutputsAndWithinZeroAndOne() {
        assertThatThrownBy(() -> new OutputComparison("p", false, 1, 0, 0, 0, 1, 0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputComparison.agreement");
        assertThatThrownBy(() -> new OutputComparison("p", true, 1, 0, 0, 0, 1, 0, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputComparison.agreement");
        assertThatThrownBy(() -> new OutputComparison("p", true, -1, 0, 0, 0, 1, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputComparison.pairs");
    }

    private static Tensor batch(String name, double[] sixValues) {
        float[] data = new float[sixValues.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) sixValues[i];
        }
        return Tensor.ofFloats(name, new long[] {2, 3}, data);
    }

    private static Tensor doubles(String name, double... values) {
        return Tensor.ofDoubles(name, new long[] {values.length}, values);
    }

    private static Tensor bools(String name, boolean... values) {
        return Tensor.of(name, DataType.BOOL, new long[] {values.length}, values);
    }

    /** The float-rounded values, as the analysis reads them from FP32 tensors. */
    private static double[] concat(double[] first, double[] second) {
        double[] values = new double[first.length + second.length];
        for (int i = 0; i < first.length; i++) {
            values[i] = (float) first[i];
        }
        for (int i = 0; i < second.length; i++) {
            values[first.length + i] = (float) second[i];
        }
        return values;
    }
}
