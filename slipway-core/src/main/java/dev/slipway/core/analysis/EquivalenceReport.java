package dev.slipway.core.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one equivalence analysis of a shadow candidate.
 *
 * @param pairs mirrored requests analysed, failed candidate calls included
 * @param candidateFailures mirrored requests whose candidate call failed
 * @param outputs one comparison per output the primary produced, in first-seen order
 * @param verdict whether the candidate may be promoted automatically
 * @param reasons why the verdict is not {@link Verdict#PASSED}, one readable sentence each with its
 *     numbers; empty for a pass
 */
public record EquivalenceReport(
        long pairs,
        long candidateFailures,
        List<OutputComparison> outputs,
        Verdict verdict,
        List<String> reasons) {

    public enum Verdict {
        /** Too few pairs, or a checked statistic could not be computed yet: keep mirroring. */
        INSUFFICIENT_DATA,
        /** Every criterion held: the candidate is equivalent enough to promote. */
        PASSED,
        /** The candidate failed, omitted an output or broke a criterion: do not promote. */
        FAILED
    }

    public EquivalenceReport {
        if (pairs < 0 || candidateFailures < 0 || candidateFailures > pairs) {
            throw new IllegalArgumentException(
                    "equivalenceReport needs 0 <= candidateFailures <= pairs, got "
                            + candidateFailures
                            + " and "
                            + pairs);
        }
        outputs = List.copyOf(Objects.requireNonNull(outputs, "equivalenceReport.outputs"));
        Objects.requireNonNull(verdict, "equivalenceReport.verdict");
        reasons = List.copyOf(Objects.requireNonNull(reasons, "equivalenceReport.reasons"));
        if ((verdict == Verdict.PASSED) != reasons.isEmpty()) {
            throw new IllegalArgumentException(
                    "equivalenceReport.reasons must be empty exactly when the verdict is PASSED,"
                            + " got "
                            + verdict
                            + " with "
                            + reasons);
        }
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** The output named {@code name}, or null when the primary never produced it. */
    public OutputComparison output(String name) {
        for (OutputComparison comparison : outputs) {
            if (comparison.output().equals(name)) {
                return comparison;
            }
        }
        return null;
    }
}
