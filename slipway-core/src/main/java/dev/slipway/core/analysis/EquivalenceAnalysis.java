package dev.slipway.core.analysis;

import dev.slipway.core.analysis.EquivalenceReport.Verdict;
import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a shadow candidate is equivalent enough to its primary to be promoted
 * automatically, from the mirrored requests captured during the rollout. Pure: the same pairs and
 * criteria always give the same report, so a reconciler may run it again after a restart.
 *
 * <p>The verdict, in order:
 *
 * <ol>
 *   <li>FAILED when the candidate failed any mirrored call, omitted an output the primary produced,
 *       or answered one with another shape: more data cannot undo that, so it fails at once.
 *   <li>INSUFFICIENT_DATA while there are fewer pairs than {@code minPairs}; statistics over a
 *       handful of requests would decide by chance.
 *   <li>FAILED when any output breaks a criterion that applies to it.
 *   <li>INSUFFICIENT_DATA when a checked statistic could not be computed (e.g. one value per side
 *       for the KS test).
 *   <li>PASSED otherwise.
 * </ol>
 */
public final class EquivalenceAnalysis {
    private static final int ERROR_EXCERPT_LENGTH = 200;

    private EquivalenceAnalysis() {}

    public static EquivalenceReport analyze(
            List<MirroredPair> pairs, EquivalenceCriteria criteria) {
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(criteria, "criteria");

        Map<String, OutputSamples> samples = new LinkedHashMap<>();
        long failures = 0;
        String firstError = null;
        for (MirroredPair pair : pairs) {
            if (pair.candidateFailed()) {
                failures++;
                firstError = firstError == null ? pair.candidateError() : firstError;
                continue;
            }
            for (Tensor primary : pair.primary()) {
                samples.computeIfAbsent(primary.name(), name -> new OutputSamples(primary))
                        .add(primary, pair.candidateOutput(primary.name()));
            }
        }

        List<OutputComparison> outputs = new ArrayList<>();
        List<String> defects = new ArrayList<>();
        if (failures > 0) {
            defects.add(
                    "candidate failed %d of %d mirrored requests (first error: %s)"
                            .formatted(failures, pairs.size(), excerpt(firstError)));
        }
        for (OutputSamples output : samples.values()) {
            outputs.add(output.compare());
            defects.addAll(output.defects());
        }

        long total = pairs.size();
        if (!defects.isEmpty()) {
            return new EquivalenceReport(total, failures, outputs, Verdict.FAILED, defects);
        }
        if (total < criteria.minPairs()) {
            String reason =
                    "only %d mirrored pairs, %d needed".formatted(total, criteria.minPairs());
            return new EquivalenceReport(
                    total, failures, outputs, Verdict.INSUFFICIENT_DATA, List.of(reason));
        }
        Judgement judgement = new Judgement();
        outputs.forEach(output -> judgement.check(output, criteria));
        if (!judgement.violations.isEmpty()) {
            return new EquivalenceReport(
                    total, failures, outputs, Verdict.FAILED, judgement.violations);
        }
        if (!judgement.undetermined.isEmpty()) {
            return new EquivalenceReport(
                    total, failures, outputs, Verdict.INSUFFICIENT_DATA, judgement.undetermined);
        }
        return new EquivalenceReport(total, failures, outputs, Verdict.PASSED, List.of());
    }

    /** The criteria applied to each output: what broke, and what could not be computed. */
    private static final class Judgement {
        final List<String> violations = new ArrayList<>();
        final List<String> undetermined = new ArrayList<>();

        void check(OutputComparison output, EquivalenceCriteria criteria) {
            if (output.categorical()) {
                Double agreement = output.agreement();
                atLeast(
                        output,
                        "agreement",
                        agreement == null ? Double.NaN : agreement,
                        criteria.minAgreement());
            } else {
                atMost(output, "KS statistic", output.ksStatistic(), criteria.maxKsStatistic());
                atLeast(output, "KS p-value", output.pValue(), criteria.minPValue());
                atMost(
                        output,
                        "mean absolute difference",
                        output.meanAbsDiff(),
                        criteria.maxMeanAbsDiff());
            }
        }

        private void atMost(OutputComparison output, String what, double value, Double limit) {
            if (limit != null && computed(output, what, value) && value > limit) {
                violations.add(reason(output, what, Figures.compared(value, ">", limit)));
            }
        }

        private void atLeast(OutputComparison output, String what, double value, Double limit) {
            if (limit != null && computed(output, what, value) && value < limit) {
                violations.add(reason(output, what, Figures.compared(value, "<", limit)));
            }
        }

        private boolean computed(OutputComparison output, String what, double value) {
            if (Double.isNaN(value)) {
                undetermined.add(
                        reason(
                                output,
                                what,
                                "could not be computed from %d compared pairs"
                                        .formatted(output.pairs())));
                return false;
            }
            return true;
        }

        private static String reason(OutputComparison output, String what, String detail) {
            return "output '" + output.output() + "': " + what + " " + detail;
        }
    }

    /** A model's error text can be long (a stack trace, an HTML page): keep the reason short. */
    private static String excerpt(String error) {
        String line = error.strip().lines().findFirst().orElse("");
        return line.length() <= ERROR_EXCERPT_LENGTH
                ? line
                : line.substring(0, ERROR_EXCERPT_LENGTH) + "...";
    }
}
