package dev.slipway.runtime.xgboost;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Checks a {@link TreeModelDocument} against what {@link TreeEnsemble} reproduces and lays its
 * trees out in flat arrays. It refuses, with a reason, everything else: boosters other than gbtree
 * (dart, gblinear), objectives {@link TreeObjective} does not implement, multi-target models and
 * trees with vector leaves, categorical features and splits, and trees whose structure XGBoost's
 * predictor would walk differently from its arrays (a right child that is not the node after the
 * left one) or that could loop (a child numbered before its parent).
 *
 * <p>Thread-safe: stateless.
 */
final class TreeModelCompiler {
    private TreeModelCompiler() {}

    static TreeCompilation compile(byte[] json) {
        TreeModelDocument document;
        try {
            document = TreeModelReader.read(json);
        } catch (IOException e) {
            return TreeCompilation.refused("its JSON cannot be read: " + e.getMessage());
        }
        return compile(document);
    }

    static TreeCompilation compile(TreeModelDocument document) {
        try {
            return TreeCompilation.compiled(ensemble(document));
        } catch (Refusal refusal) {
            return TreeCompilation.refused(refusal.getMessage());
        }
    }

    private static TreeEnsemble ensemble(TreeModelDocument document) throws Refusal {
        requireGbtree(document);
        TreeObjective objective =
                TreeObjective.named(document.objective())
                        .orElseThrow(
                                () ->
                                        new Refusal(
                                                "objective '"
                                                        + document.objective()
                                                        + "' (the trees evaluator implements "
                                                        + Arrays.stream(TreeObjective.values())
                                                                .map(TreeObjective::xgboostName)
                                                                .toList()
                                                        + ")"));
        int targets = count("num_target", document.numTarget(), 1);
        if (targets != 1) {
            throw new Refusal(targets + " targets (multi-target models)");
        }
        int features = count("num_feature", document.numFeature(), 0);
        if (features < 1 || features > XGBoostRuntime.MAX_FEATURES) {
            throw new Refusal(features + " features");
        }
        int groups = Math.max(count("num_class", document.numClass(), 0), 1);
        if (document.featureTypes().contains("c") || document.categoryEncoding()) {
            throw new Refusal("categorical features");
        }
        float[] baseMargins = baseMargins(document.baseScore(), groups, objective);
        List<TreeModelDocument.Tree> trees = document.trees();
        int[] treeGroups = document.treeInfo();
        if (treeGroups.length != trees.size()) {
            throw new Refusal(
                    "tree_info names "
                            + treeGroups.length
                            + " trees, the model has "
                            + trees.size());
        }
        long nodes = 0;
        for (int tree = 0; tree < trees.size(); tree++) {
            if (treeGroups[tree] < 0 || treeGroups[tree] >= groups) {
                throw new Refusal(
                        "tree "
                                + tree
                                + " adds to output group "
                                + treeGroups[tree]
                                + " of "
                                + groups);
            }
            nodes += nodeCount(tree, trees.get(tree));
        }
        if (nodes > Integer.MAX_VALUE - 8) {
            throw new Refusal(nodes + " nodes");
        }
        return layOut(objective, features, baseMargins, trees, treeGroups.clone(), (int) nodes);
    }

    private static void requireGbtree(TreeModelDocument document) throws Refusal {
        String booster = document.booster();
        if ("gblinear".equals(booster)) {
            throw new Refusal("booster gblinear (a linear model, not trees)");
        }
        if ("dart".equals(booster) || document.weightDrop()) {
            throw new Refusal("booster dart (dropout weights scale its trees)");
        }
        if (!"gbtree".equals(booster)) {
            throw new Refusal("booster '" + booster + "'");
        }
    }

    /**
     * The starting margin of each group. XGBoost 3.x saves one base_score per group, "[5E-1]"; a
     * single value serves every group, as XGBoost reads older models (HandleOldFormat).
     */
    private static float[] baseMargins(String baseScore, int groups, TreeObjective objective)
            throws Refusal {
        if (baseScore == null) {
            throw new Refusal("no base_score");
        }
        String list = baseScore.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        String[] scores = list.split(",", -1);
        if (scores.length != 1 && scores.length != groups) {
            throw new Refusal("base_score " + baseScore + " for " + groups + " output groups");
        }
        float[] margins = new float[groups];
        for (int group = 0; group < groups; group++) {
            String score = scores[scores.length == 1 ? 0 : group].strip();
            float value;
            try {
                value = Float.parseFloat(score);
            } catch (NumberFormatException e) {
                throw new Refusal("base_score " + baseScore + " is not a list of numbers");
            }
            margins[group] = objective.baseMargin(value);
            if (!Float.isFinite(margins[group])) {
                throw new Refusal(
                        "base_score "
                                + value
                                + " has no finite margin under "
                                + objective.xgboostName());
            }
        }
        return margins;
    }

    /** The tree's node count, after checking that its arrays have that many entries. */
    private static int nodeCount(int index, TreeModelDocument.Tree tree) throws Refusal {
        int leafSize = count("size_leaf_vector", tree.sizeLeafVector(), 0);
        if (leafSize > 1) {
            throw new Refusal(
                    "tree "
                            + index
                            + " has vector leaves of "
                            + leafSize
                            + " values (multi-target)");
        }
        if (tree.categories() || Arrays.stream(tree.splitType()).anyMatch(type -> type != 0)) {
            throw new Refusal("categorical splits (tree " + index + ")");
        }
        int nodes = count("num_nodes", tree.numNodes(), tree.leftChildren().length);
        boolean complete =
                nodes >= 1
                        && tree.leftChildren().length == nodes
                        && tree.rightChildren().length == nodes
                        && tree.splitIndices().length == nodes
                        && tree.splitConditions().length == nodes
                        && tree.defaultLeft().length == nodes
                        && (tree.splitType().length == 0 || tree.splitType().length == nodes);
        if (!complete) {
            throw new Refusal("tree " + index + " does not have " + nodes + " complete nodes");
        }
        return nodes;
    }

    private static TreeEnsemble layOut(
            TreeObjective objective,
            int features,
            float[] baseMargins,
            List<TreeModelDocument.Tree> trees,
            int[] treeGroups,
            int nodes)
            throws Refusal {
        int[] roots = new int[trees.size()];
        int[] splitFeatures = new int[nodes];
        float[] values = new float[nodes];
        int[] leftChildren = new int[nodes];
        int[] defaultChildren = new int[nodes];
        // Nodes no path reaches (deleted by pruning) stay leaves of value 0, never visited.
        Arrays.fill(leftChildren, -1);
        int offset = 0;
        for (int index = 0; index < trees.size(); index++) {
            TreeModelDocument.Tree tree = trees.get(index);
            roots[index] = offset;
            Deque<Integer> pending = new ArrayDeque<>();
            pending.push(0);
            while (!pending.isEmpty()) {
                int node = pending.pop();
                int left = tree.leftChildren()[node];
                values[offset + node] = tree.splitConditions()[node];
                if (left == -1) {
                    continue;
                }
                int right = tree.rightChildren()[node];
                int feature = tree.splitIndices()[node];
                requireSplit(index, node, left, right, feature, features, tree);
                splitFeatures[offset + node] = feature;
                leftChildren[offset + node] = offset + left;
                defaultChildren[offset + node] =
                        offset + (tree.defaultLeft()[node] != 0 ? left : right);
                pending.push(right);
                pending.push(left);
            }
            offset += tree.leftChildren().length;
        }
        return new TreeEnsemble(
                objective,
                features,
                baseMargins,
                roots,
                treeGroups,
                splitFeatures,
                values,
                leftChildren,
                defaultChildren);
    }

    /**
     * Children numbered after their parent can only form a tree, so every walk ends; XGBoost 3.x
     * allocates them that way, in pairs.
     */
    private static void requireSplit(
            int tree,
            int node,
            int left,
            int right,
            int feature,
            int features,
            TreeModelDocument.Tree nodes)
            throws Refusal {
        if (left <= node || left >= nodes.leftChildren().length - 1 || right != left + 1) {
            throw new Refusal(
                    "tree "
                            + tree
                            + " node "
                            + node
                            + " has children "
                            + left
                            + " and "
                            + right
                            + ", not a pair of nodes after it");
        }
        if (feature < 0 || feature >= features) {
            throw new Refusal(
                    "tree "
                            + tree
                            + " node "
                            + node
                            + " splits on feature "
                            + feature
                            + " of "
                            + features);
        }
    }

    /** A count that XGBoost saves as a string; {@code absent} when the document has none. */
    private static int count(String name, String value, int absent) throws Refusal {
        if (value == null) {
            return absent;
        }
        try {
            int count = Integer.parseInt(value.strip());
            if (count < 0) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new Refusal(name + " '" + value + "' is not a count");
        }
    }

    /** What the evaluator does not reproduce, e.g. "categorical features". */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
