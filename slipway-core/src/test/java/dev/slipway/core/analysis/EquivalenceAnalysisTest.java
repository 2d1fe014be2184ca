package dev.slipway.core.analysis;

import static dev.slipway.core.analysis.Mirrors.LABEL;
import static dev.slipway.core.analysis.Mirrors.PROBABILITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.core.analysis.EquivalenceReport.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Verdicts and their reasons for whole shadow captures. */
class EquivalenceAnalysisTest {
    private static final EquivalenceCriteria STRICT =
            new EquivalenceCriteria(100, 0.1, 0.05, 1e-3, 0.99);

    @Test
    void identicalOutputsPassWithZeroDistance() {
        EquivalenceReport report =
                EquivalenceAnalysis.analyze(Mirrors.scored(200, 1, value -> value), STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.reasons()).isEmpty();
        assertThat(report.pairs()).isEqualTo(200);
        assertThat(report.candidateFailures()).isZero();
        OutputComparison probability = report.output(PROBABILITY);
        assertThat(probability.categorical()).isFalse();
        assertThat(probability.pairs()).isEqualTo(200);
        assertThat(probability.ksStatistic()).isZero();
        assertThat(probability.pValue()).isEqualTo(1.0);
        assertThat(probability.psi()).isCloseTo(0, within(1e-12));
        assertThat(probability.meanAbsDiff()).isZero();
        assertThat(probability.maxAbsDiff()).isZero();
        assertThat(probability.agreement()).isNull();
        OutputComparison label = report.output(LABEL);
        assertThat(label.categorical()).isTrue();
        assertThat(label.agreement()).isEqualTo(1.0);
    }

    @Test
    void smallNoisePassesAMeanDifferenceBoundOfOneThousandth() {
        Random noise = new Random(7);
        List<MirroredPair> pairs =
                Mirrors.scored(200, 2, value -> value + 1e-6 * noise.nextGaussian());

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        OutputComparison probability = report.output(PROBABILITY);
        assertThat(probability.meanAbsDiff()).isPositive().isLessThan(1e-5);
        assertThat(probability.ksStatistic()).isLessThan(0.1);
        assertThat(probability.pValue()).isGreaterThan(0.05);
    }

    @Test
    void aShiftedDistributionFailsOnKsPValueAndMeanDifferenceWithNumbers() {
        List<MirroredPair> pairs = Mirrors.scored(200, 3, value -> value + 0.3);

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        OutputComparison probability = report.output(PROBABILITY);
        assertThat(probability.ksStatistic()).isBetween(0.2, 0.4);
        assertThat(probability.meanAbsDiff()).isCloseTo(0.3, within(1e-6));
        assertThat(probability.psi()).isGreaterThan(0.25);
        assertThat(report.reasons())
                .containsExactly(
                        "output 'probability': KS statistic "
                                + Figures.rounded(probability.ksStatistic(), 3)
                                + " > 0.1",
                        "output 'probability': KS p-value "
                                + Figures.rounded(probability.pValue(), 3)
                                + " < 0.05",
                        "output 'probability': mean absolute difference 0.3 > 0.001");
    }

    @Test
    void labelFlipsInFivePercentOfRequestsFailAnAgreementOfNinetyNinePercent() {
        List<MirroredPair> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long label = i % 3;
            long candidateLabel = i % 20 == 0 ? label + 1 : label;
            pairs.add(
                    Mirrors.answered(
                            List.of(Mirrors.labels(LABEL, label)),
                            List.of(Mirrors.labels(LABEL, candidateLabel))));
        }

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.output(LABEL).agreement()).isEqualTo(0.95);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.reasons()).containsExactly("output 'label': agreement 0.95 < 0.99");
    }

    @Test
    void fewerPairsThanTheMinimumAreInsufficientDataButStillMeasured() {
        EquivalenceReport report =
                EquivalenceAnalysis.analyze(Mirrors.scored(20, 4, value -> value + 0.3), STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.reasons()).containsExactly("only 20 mirrored pairs, 100 needed");
        assertThat(report.output(PROBABILITY).meanAbsDiff()).isCloseTo(0.3, within(1e-6));
    }

    @Test
    void noPairsAtAllAreInsufficientData() {
        EquivalenceReport report = EquivalenceAnalysis.analyze(List.of(), STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.outputs()).isEmpty();
        assertThat(report.reasons()).containsExactly("only 0 mirrored pairs, 100 needed");
    }

    @Test
    void candidateFailuresFailEvenWhenEveryAnsweredOutputMatches() {
        List<MirroredPair> pairs = new ArrayList<>(Mirrors.scored(197, 5, value -> value));
        for (int i = 0; i < 3; i++) {
            pairs.add(
                    Mirrors.failed(
                            List.of(Mirrors.floats(PROBABILITY, 0.5)),
                            "model crashed: out of memory\n\tat Predictor.predict"));
        }

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.candidateFailures()).isEqualTo(3);
        assertThat(report.pairs()).isEqualTo(200);
        assertThat(report.output(PROBABILITY).pairs()).isEqualTo(197);
        assertThat(report.reasons())
                .containsExactly(
                        "candidate failed 3 of 200 mirrored requests"
                                + " (first error: model crashed: out of memory)");
    }

    @Test
    void aCandidateFailureFailsBeforeTheMinimumNumberOfPairsIsReached() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.probability(0.4, 0.4),
                        Mirrors.failed(List.of(Mirrors.floats(PROBABILITY, 0.5)), "timeout"));

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.reasons())
                .containsExactly(
                        "candidate failed 1 of 2 mirrored requests (first error: timeout)");
    }

    @Test
    void aCandidateThatOmitsAnOutputFails() {
        List<MirroredPair> pairs = new ArrayList<>(Mirrors.scored(198, 6, value -> value));
        for (int i = 0; i < 2; i++) {
            pairs.add(
                    Mirrors.answered(
                            List.of(Mirrors.floats(PROBABILITY, 0.7), Mirrors.labels(LABEL, 1)),
                            List.of(Mirrors.floats(PROBABILITY, 0.7))));
        }

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.output(LABEL).pairs()).isEqualTo(198);
        assertThat(report.reasons())
                .containsExactly(
                        "output 'label': candidate omitted it in 2 of 200 mirrored requests");
    }

    @Test
    void aCandidateOutputOfAnotherShapeFails() {
        List<MirroredPair> pairs = new ArrayList<>(Mirrors.scored(199, 8, value -> value));
        pairs.add(
                Mirrors.answered(
                        List.of(Mirrors.floats(PROBABILITY, 0.7)),
                        List.of(Mirrors.floats(PROBABILITY, 0.7, 0.3))));

        EquivalenceReport report = EquivalenceAnalysis.analyze(pairs, STRICT);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.reasons())
                .containsExactly(
                        "output 'probability': candidate's shape or datatype differed from the"
                                + " primary's in 1 of 200 mirrored requests");
    }

    @Test
    void outputsOnlyTheCandidateProducesAreIgnored() {
        List<MirroredPair> pairs =
                List.of(
                        Mirrors.answered(
                                List.of(Mirrors.floats(PROBABILITY, 0.2)),
                                List.of(
                                        Mirrors.floats(PROBABILITY, 0.2),
                                        Mirrors.labels("debug", 42))));

        EquivalenceReport report =
                EquivalenceAnalysis.analyze(pairs, EquivalenceCriteria.minPairsOnly(1));

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.outputs())
                .extracting(OutputComparison::output)
                .containsExactly(PROBABILITY);
    }

    @Test
    void statisticsWithoutACriterionAreReportedButNotJudged() {
        EquivalenceReport report =
                EquivalenceAnalysis.analyze(
                        Mirrors.scored(200, 9, value -> value + 0.3),
                        EquivalenceCriteria.minPairsOnly(100));

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.output(PROBABILITY).ksStatistic()).isGreaterThan(0.2);
    }

    @Test
    void eachCriterionAppliesOnlyToTheKindOfOutputItMakesSenseFor() {
        // Labels shifted by one everywhere: a KS or mean difference bound must not judge them,
        // and an agreement bound must not judge the floating-point probability.
        List<MirroredPair> pairs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pairs.add(
                    Mirrors.answered(
                            List.of(
                                    Mirrors.floats(PROBABILITY, i / 100.0),
                                    Mirrors.labels(LABEL, i)),
                            List.of(
                                    Mirrors.floats(PROBABILITY, i / 100.0),
                                    Mirrors.labels(LABEL, i + 1))));
        }

        EquivalenceReport distributionsOnly =
                EquivalenceAnalysis.analyze(
                        pairs, new EquivalenceCriteria(100, 0.1, 0.05, 1e-3, null));
        EquivalenceReport agreementOnly =
                EquivalenceAnalysis.analyze(
                        pairs, new EquivalenceCriteria(100, null, null, null, 0.5));

        assertThat(distributionsOnly.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(agreementOnly.reasons()).containsExactly("output 'label': agreement 0 < 0.5");
    }

    @Test
    void aCheckedStatisticThatCannotBeComputedIsInsufficientData() {
        EquivalenceReport report =
                EquivalenceAnalysis.analyze(
                        List.of(Mirrors.probability(0.4, 0.4)),
                        new EquivalenceCriteria(1, 0.1, null, 1e-3, null));

        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.reasons())
                .containsExactly(
                        "output 'probability': KS statistic could not be computed from 1"
                                + " compared pairs");
    }

    @Test
    void theSameCaptureAlwaysGivesTheSameReport() {
        List<MirroredPair> pairs = Mirrors.scored(300, 10, value -> value * 0.9);

        assertThat(EquivalenceAnalysis.analyze(pairs, STRICT))
                .isEqualTo(EquivalenceAnalysis.analyze(pairs, STRICT));
    }
}
