package dev.slipway.runtime.xgboost;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rows on which {@link TreeVerification} compares the trees with XGBoost4J: deterministic
 * (seeded) and aimed at the splits. Each feature the trees split on takes, per row, one of its
 * split conditions exactly (which goes right), the float just below it (left), the float just above
 * it (right), a value further away, or NaN (the default branch); features no tree splits on are 0.
 * Two more rows are all NaN and all zeros. A few hundred such rows take every branch of small
 * models and most of large ones.
 *
 * <p>Thread-safe: stateless.
 */
final class ProbeRows {
    /** Rows of random probe values, besides the all-NaN and all-zero rows. */
    static final int RANDOM_ROWS = 256;

    /** Probe floats at most (16 MB), so models with millions of features get fewer rows. */
    private static final int FLOAT_BUDGET = 1 << 22;

    private static final long SEED = 0x5EED_7EE5L;

    private ProbeRows() {}

    /** Row-major: {@link #RANDOM_ROWS} (fewer for wide models), then all NaN, then all zeros. */
    static float[] of(TreeEnsemble ensemble) {
        int features = ensemble.features();
        int randomRows = Math.max(1, Math.min(RANDOM_ROWS, FLOAT_BUDGET / features - 2));
        float[] rows = new float[(randomRows + 2) * features];
        SplitConditions splits = SplitConditions.of(ensemble);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int row = 0; row < randomRows; row++) {
            int offset = row * features;
            for (int used = 0; used < splits.features.length; used++) {
                float condition = splits.pick(used, random);
                rows[offset + splits.features[used]] = probeValue(condition, random);
            }
        }
        Arrays.fill(rows, randomRows * features, (randomRows + 1) * features, Float.NaN);
        return rows;
    }

    /** A value on, beside or away from a split condition, or NaN; never infinite. */
    private static float probeValue(float condition, SplittableRandom random) {
        if (!Float.isFinite(condition)) {
            return random.nextBoolean() ? 0.0f : Float.NaN;
        }
        float value =
                switch (random.nextInt(8)) {
                    case 0, 1 -> condition;
                    case 2, 3 -> Math.nextDown(condition);
                    case 4, 5 -> Math.nextUp(condition);
                    case 6 -> Float.NaN;
                    default ->
                            condition
                                    + (float)
                                            (random.nextGaussian()
                                                    * Math.max(1.0, Math.abs(condition)));
                };
        return Float.isInfinite(value) ? condition : value;
    }

    /**
     * The split conditions grouped by feature: {@code features[i]} has the conditions {@code
     * conditions[starts[i]]} to {@code conditions[starts[i + 1] - 1]}.
     */
    private record SplitConditions(int[] features, int[] starts, float[] conditions) {
        static SplitConditions of(TreeEnsemble ensemble) {
            int splits = 0;
            for (int node = 0; node < ensemble.nodeCount(); node++) {
                if (ensemble.isSplit(node)) {
                    splits++;
                }
            }
            long[] byFeature = new long[splits];
            int next = 0;
            for (int node = 0; node < ensemble.nodeCount(); node++) {
                if (ensemble.isSplit(node)) {
                    byFeature[next++] = (long) ensemble.splitFeature(node) << 32 | node;
                }
            }
            Arrays.sort(byFeature);
            int[] features = new int[splits];
            int[] starts = new int[splits + 1];
            float[] conditions = new float[splits];
            int used = 0;
            for (int split = 0; split < splits; split++) {
                int feature = (int) (byFeature[split] >>> 32);
                if (used == 0 || features[used - 1] != feature) {
                    features[used] = feature;
                    starts[used++] = split;
                }
                conditions[split] = ensemble.splitCondition((int) byFeature[split]);
            }
            starts[used] = splits;
            return new SplitConditions(
                    Arrays.copyOf(features, used), Arrays.copyOf(starts, used + 1), conditions);
        }

        float pick(int used, SplittableRandom random) {
            return conditions[random.nextInt(starts[used], starts[used + 1])];
        }
    }
}
