package dev.slipway.core.analysis;

import java.util.Objects;

/**
 * How one named output of the candidate compares with the primary's over the mirrored pairs in
 * which both produced it with the same shape. NaN marks a number that does not apply (the numeric
 * fields of a BYTES output) or could not be computed (too few values).
 *
 * <ul>
 *   <li>{@code meanAbsDiff}, {@code maxAbsDiff}: over every element of every compared pair,
 *       flattened row-major, {@code |candidate - primary|}. Two NaNs (or two equal infinities)
 *       differ by 0; a NaN against a number differs by +Infinity, because a candidate that starts
 *       producing NaN is not "close".
 *   <li>{@code ksStatistic}, {@code pValue}: the two-sample Kolmogorov–Smirnov test of
 *       commons-statistics-inference (two-sided, its default p-value method: exact below 10,000
 *       values per side, asymptotic above) on all primary values against all candidate values, NaNs
 *       left out. It needs two values per side.
 *   <li>{@code psi}: the population stability index of the candidate's values against the
 *       primary's, see {@link PopulationStability}.
 *   <li>{@code agreement}: for categorical outputs, the share of elements that are equal; null for
 *       floating-point outputs, where exact equality says little.
 * </ul>
 *
 * @param output the output's name
 * @param categorical whether the primary's datatype is integer, BOOL or BYTES
 * @param pairs mirrored pairs compared for this output
 */
public record OutputComparison(
        String output,
        boolean categorical,
        long pairs,
        double meanAbsDiff,
        double maxAbsDiff,
        double ksStatistic,
        double pValue,
        double psi,
        Double agreement) {

    public OutputComparison {
        Objects.requireNonNull(output, "outputComparison.output");
        if (pairs < 0) {
            throw new IllegalArgumentException("outputComparison.pairs must be >= 0, got " + pairs);
        }
        if (agreement != null && (!categorical || !(agreement >= 0 && agreement <= 1))) {
            throw new IllegalArgumentException(
                    "outputComparison.agreement must be null or, for a categorical output, in"
                            + " [0, 1]; got "
                            + agreement
                            + " for output '"
                            + output
                            + "'");
        }
    }
}
