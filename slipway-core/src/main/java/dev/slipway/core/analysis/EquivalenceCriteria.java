package dev.slipway.core.analysis;

/**
 * What "equivalent enough to promote" means for one shadow rollout. A null bound is not checked.
 * The distribution and difference bounds apply to every floating-point output; {@code minAgreement}
 * applies to every categorical one (integer, bool and BYTES outputs such as predicted labels). See
 * {@link OutputComparison} for how each number is computed.
 *
 * @param minPairs mirrored requests needed before any statistic is judged
 * @param maxKsStatistic largest two-sample Kolmogorov–Smirnov D allowed, in [0, 1]
 * @param minPValue smallest KS p-value allowed, in [0, 1]: below it the distributions differ
 * @param maxMeanAbsDiff largest mean absolute element-wise difference allowed, >= 0
 * @param minAgreement smallest share of equal elements allowed, in [0, 1]
 */
public record EquivalenceCriteria(
        int minPairs,
        Double maxKsStatistic,
        Double minPValue,
        Double maxMeanAbsDiff,
        Double minAgreement) {

    public EquivalenceCriteria {
        if (minPairs < 1) {
            throw new IllegalArgumentException("analysis.minPairs must be >= 1, got " + minPairs);
        }
        requireUnitInterval("maxKsStatistic", maxKsStatistic);
        requireUnitInterval("minPValue", minPValue);
        requireUnitInterval("minAgreement", minAgreement);
        if (maxMeanAbsDiff != null && !(maxMeanAbsDiff >= 0 && maxMeanAbsDiff < Double.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    "analysis.maxMeanAbsDiff must be a finite number >= 0, got " + maxMeanAbsDiff);
        }
    }

    /** Only a minimum number of pairs; every statistic is reported but none is judged. */
    public static EquivalenceCriteria minPairsOnly(int minPairs) {
        return new EquivalenceCriteria(minPairs, null, null, null, null);
    }

    private static void requireUnitInterval(String field, Double value) {
        // The negated form also rejects NaN, which would make every comparison false.
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    "analysis." + field + " must be in [0, 1], got " + value);
        }
    }
}
