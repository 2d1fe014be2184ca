package dev.slipway.runtime.xgboost;

/**
 * An XGBoost gbtree model compiled into flat arrays and evaluated in Java.
 *
 * <p>Why it exists: XGBoost4J 3.4.0 costs about 58 µs per {@code Booster.predict} call on the
 * serving host whatever the row count, for building the DMatrix and for the native {@code Context}
 * each call creates, whose constructor reads cgroup files to count CPUs ({@code GetCfsCPUCount}).
 * Walking the 50 trees of the breast-cancer example takes well under a microsecond per row, so that
 * fixed cost capped 1-row throughput. XGBoost4J stays the loader and the reference: the ensemble is
 * compiled from the JSON that XGBoost4J itself writes for the loaded booster ({@code
 * toByteArray("json")}, so JSON, UBJSON and converted legacy binary models all arrive the same
 * way), and {@link TreeVerification} compares the two on probe rows at every load before the
 * ensemble serves.
 *
 * <p>Semantics, those of XGBoost's CPU predictor as read in dmlc/xgboost at a 2025 revision
 * (src/predictor/cpu_predictor.cc, src/predictor/predict_fn.h, src/tree/tree_model.cc for the JSON
 * fields; not the v3.4.0 tag itself, so TreeEnsembleTest pins the behaviour against XGBoost4J
 * 3.4.0):
 *
 * <ul>
 *   <li>Each output group starts from its base margin ({@link TreeObjective#baseMargin} of the
 *       saved base_score), and every tree, in saved order, adds its leaf value to its group ({@code
 *       tree_info}) as a float: {@code out_predt(row, gid) += leaf}.
 *   <li>At a split, a missing value (NaN) goes to the default child ({@code default_left}); any
 *       other value goes left when {@code value < split_condition}, else to the right child, which
 *       XGBoost takes to be the node after the left child ({@code LeftChild() + !decision}).
 *   <li>A leaf's value is its split condition (one float shared in XGBoost's node).
 *   <li>All trees are used, as {@code Booster.predict} does without an iteration range.
 *   <li>The objective then transforms each row's margins ({@link TreeObjective#transform}).
 * </ul>
 *
 * <p>Output is row-major, {@link #width} values per row, like {@link XGBoostPredictor}'s.
 *
 * <p>Thread-safe: immutable after construction; predictions share nothing but the read-only arrays.
 */
final class TreeEnsemble implements RowEvaluator {
    /**
     * The most node visits a call may cost and still run on the calling thread: a few microseconds
     * at about a nanosecond each, the order of parsing the request, where handing the call to a
     * worker thread costs more than that (ADR 12).
     */
    static final long INLINE_VISITS = 4_096;

    private final TreeObjective objective;
    private final int features;
    private final int groups;
    private final float[] baseMargins;
    private final int[] roots;
    private final int[] treeGroups;
    private final int[] splitFeatures;

    /** The split condition of a split node, the value of a leaf. */
    private final float[] values;

    /** Negative for a leaf; the right child is the next node. */
    private final int[] leftChildren;

    private final int[] defaultChildren;

    /**
     * The most nodes one row visits: each tree's longest root-to-leaf walk, summed; at least 1, so
     * that a model without trees does not run any number of rows inline.
     */
    private final long visitsPerRow;

    TreeEnsemble(
            TreeObjective objective,
            int features,
            float[] baseMargins,
            int[] roots,
            int[] treeGroups,
            int[] splitFeatures,
            float[] values,
            int[] leftChildren,
            int[] defaultChildren) {
        this.objective = objective;
        this.features = features;
        this.groups = baseMargins.length;
        this.baseMargins = baseMargins;
        this.roots = roots;
        this.treeGroups = treeGroups;
        this.splitFeatures = splitFeatures;
        this.values = values;
        this.leftChildren = leftChildren;
        this.defaultChildren = defaultChildren;
        this.visitsPerRow = Math.max(1, longestWalk(roots, leftChildren));
    }

    /**
     * Relies on the layout {@link TreeModelCompiler} checks: each tree's nodes follow its root, and
     * a child comes after its parent.
     */
    private static long longestWalk(int[] roots, int[] leftChildren) {
        int[] depth = new int[leftChildren.length];
        long total = 0;
        for (int tree = 0; tree < roots.length; tree++) {
            int end = tree + 1 < roots.length ? roots[tree + 1] : leftChildren.length;
            int deepest = 0;
            depth[roots[tree]] = 1;
            for (int node = roots[tree]; node < end; node++) {
                int left = leftChildren[node];
                if (left >= 0) {
                    depth[left] = depth[node] + 1;
                    depth[left + 1] = depth[node] + 1;
                } else {
                    deepest = Math.max(deepest, depth[node]);
                }
            }
            total += deepest;
        }
        return total;
    }

    /** The same trees starting from other base margins (one per group). */
    TreeEnsemble withBaseMargins(float[] margins) {
        if (margins.length != groups) {
            throw new IllegalArgumentException(margins.length + " base margins for " + groups);
        }
        return new TreeEnsemble(
                objective,
                features,
                margins.clone(),
                roots,
                treeGroups,
                splitFeatures,
                values,
                leftChildren,
                defaultChildren);
    }

    /**
     * Compiles the JSON that XGBoost4J writes for a booster, or refuses it naming what the
     * evaluator does not reproduce (see {@link TreeModelCompiler}).
     */
    static TreeCompilation compile(byte[] json) {
        return TreeModelCompiler.compile(json);
    }

    TreeObjective objective() {
        return objective;
    }

    int features() {
        return features;
    }

    float[] baseMargins() {
        return baseMargins.clone();
    }

    /** Margins per row: the class count for multi-class models, 1 otherwise. */
    int groups() {
        return groups;
    }

    /** Predictions per row. */
    int width() {
        return objective.width(groups);
    }

    int treeCount() {
        return roots.length;
    }

    @Override
    public PredictorKind kind() {
        return PredictorKind.TREES;
    }

    long visitsPerRow() {
        return visitsPerRow;
    }

    /** Plain array walks in Java: inline while the rows' longest walks stay within budget. */
    @Override
    public boolean runsInline(int rowCount) {
        return rowCount >= 0 && rowCount * visitsPerRow <= INLINE_VISITS;
    }

    /**
     * Normal predictions (probabilities for classifiers), row-major.
     *
     * @param rows {@code rowCount} rows of {@link #features} values, NaN for missing
     */
    @Override
    public float[] predict(float[] rows, int rowCount) {
        float[] out = new float[rowCount * width()];
        if (groups == 1 && objective.elementwise()) {
            for (int row = 0; row < rowCount; row++) {
                out[row] = objective.transform(margin(rows, row * features));
            }
            return out;
        }
        float[] margins = new float[groups];
        int width = width();
        for (int row = 0; row < rowCount; row++) {
            margins(rows, row * features, margins, 0);
            objective.transform(margins, 0, groups, out, row * width);
        }
        return out;
    }

    /** Nothing to release: the arrays are on the Java heap. */
    @Override
    public void close() {}

    /** The untransformed sums, {@link #groups} per row, row-major. */
    float[] margins(float[] rows, int rowCount) {
        float[] out = new float[rowCount * groups];
        for (int row = 0; row < rowCount; row++) {
            margins(rows, row * features, out, row * groups);
        }
        return out;
    }

    private float margin(float[] rows, int offset) {
        float sum = baseMargins[0];
        for (int tree = 0; tree < roots.length; tree++) {
            sum += leafValue(roots[tree], rows, offset);
        }
        return sum;
    }

    private void margins(float[] rows, int offset, float[] out, int from) {
        System.arraycopy(baseMargins, 0, out, from, groups);
        for (int tree = 0; tree < roots.length; tree++) {
            out[from + treeGroups[tree]] += leafValue(roots[tree], rows, offset);
        }
    }

    private float leafValue(int root, float[] rows, int offset) {
        int node = root;
        int left;
        while ((left = leftChildren[node]) >= 0) {
            float value = rows[offset + splitFeatures[node]];
            if (value < values[node]) {
                node = left;
            } else if (Float.isNaN(value)) {
                node = defaultChildren[node];
            } else {
                node = left + 1;
            }
        }
        return values[node];
    }

    /** Nodes of all trees, for {@link TreeVerification}'s probe rows. */
    int nodeCount() {
        return values.length;
    }

    boolean isSplit(int node) {
        return leftChildren[node] >= 0;
    }

    int splitFeature(int node) {
        return splitFeatures[node];
    }

    float splitCondition(int node) {
        return values[node];
    }
}
