package dev.slipway.core.analysis;

import java.util.Arrays;

/**
 * The population stability index (PSI) of a candidate's values against the primary's, over ten bins
 * cut at the primary's deciles.
 *
 * <pre>
 *   edges     e_k = x_(ceil(k n / 10)), k = 1..9   (x_(i): i-th smallest of the n primary values)
 *   bins      (-inf, e_1], (e_1, e_2], ..., (e_9, +inf)
 *   shares    p_k = max(primary count in bin k / n, EPSILON)
 *             q_k = max(candidate count in bin k / m, EPSILON)
 *   PSI       sum over k of (q_k - p_k) * ln(q_k / p_k)
 * </pre>
 *
 * <p>The edges are observed primary values (the inverse of the empirical distribution function, no
 * interpolation), so each bin holds about a tenth of the primary and identical samples give exactly
 * 0. Tied primary values can make edges coincide; the bins between them are empty on both sides and
 * add nothing. Flooring a share at {@link #EPSILON} keeps the logarithm finite when a bin is empty
 * on one side, while a candidate that fills a bin the primary leaves empty still adds about 0.69
 * per tenth it moves there. Conventional reading: below 0.1 stable, 0.1 to 0.25 a moderate shift,
 * above 0.25 a large one.
 */
final class PopulationStability {
    /** Floor for a bin's share; 1e-4 is the usual choice for PSI over deciles. */
    static final double EPSILON = 1e-4;

    static final int BINS = 10;

    private PopulationStability() {}

    /**
     * The PSI of {@code candidate} against {@code primary}; neither may contain NaN. NaN when
     * either side is empty.
     */
    static double index(double[] primary, double[] candidate) {
        if (primary.length == 0 || candidate.length == 0) {
            return Double.NaN;
        }
        double[] edges = decileEdges(primary);
        double[] expected = shares(primary, edges);
        double[] actual = shares(candidate, edges);
        double index = 0;
        for (int bin = 0; bin < BINS; bin++) {
            index += (actual[bin] - expected[bin]) * Math.log(actual[bin] / expected[bin]);
        }
        return index;
    }

    /** The nine inner edges e_1..e_9, ascending. */
    static double[] decileEdges(double[] primary) {
        double[] sorted = primary.clone();
        Arrays.sort(sorted);
        double[] edges = new double[BINS - 1];
        for (int k = 1; k < BINS; k++) {
            // ceil(k n / 10) is a 1-based rank; long arithmetic because k n may pass int range.
            long rank = (k * (long) sorted.length + BINS - 1) / BINS;
            edges[k - 1] = sorted[(int) rank - 1];
        }
        return edges;
    }

    private static double[] shares(double[] values, double[] edges) {
        long[] counts = new long[BINS];
        for (double value : values) {
            counts[bin(value, edges)]++;
        }
        double[] shares = new double[BINS];
        for (int bin = 0; bin < BINS; bin++) {
            shares[bin] = Math.max((double) counts[bin] / values.length, EPSILON);
        }
        return shares;
    }

    /** The number of edges strictly below {@code value}: bins are closed on the right. */
    private static int bin(double value, double[] edges) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (edges[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
