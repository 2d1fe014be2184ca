package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.spi.ModelLoadException;
import java.io.IOException;

/**
 * One regression tree (XGBoost's {@code RegTree}) read from the legacy binary format and written as
 * the tree object of XGBoost 1.7's JSON model.
 *
 * <p>Binary layout (src/tree/tree_model.cc, {@code RegTree::Load}): a 148-byte {@code TreeParam}
 * (int32 deprecated_num_roots, num_nodes, num_deleted, deprecated_max_depth, num_feature,
 * size_leaf_vector, 31 reserved), then {@code num_nodes} 20-byte nodes (int32 parent whose top bit
 * says "is a left child", int32 left and right child, -1 for a leaf, uint32 split index whose top
 * bit says "missing values go left", float split condition or leaf value), then {@code num_nodes}
 * 16-byte statistics (float loss change, float hessian sum, float base weight, int32 leaf child
 * count, which JSON does not keep). The binary format cannot hold categorical splits (XGBoost
 * refuses to save them in it), so every split is numerical.
 *
 * <p>Immutable once read.
 */
final class LegacyTree {
    private static final int TREE_PARAM_INTS = 37;
    private static final int NODE_INTS = 5;
    private static final int STAT_FLOATS = 4;
    private static final int TOP_BIT = 0x8000_0000;
    private static final int NO_CHILD = -1;

    private final int numDeleted;
    private final int numFeature;
    private final int[] parents;
    private final int[] leftChildren;
    private final int[] rightChildren;
    private final int[] splitIndices;
    private final int[] defaultLeft;
    private final float[] splitConditions;
    private final float[] lossChanges;
    private final float[] sumHessian;
    private final float[] baseWeights;

    private LegacyTree(int numDeleted, int numFeature, int nodes) {
        this.numDeleted = numDeleted;
        this.numFeature = numFeature;
        this.parents = new int[nodes];
        this.leftChildren = new int[nodes];
        this.rightChildren = new int[nodes];
        this.splitIndices = new int[nodes];
        this.defaultLeft = new int[nodes];
        this.splitConditions = new float[nodes];
        this.lossChanges = new float[nodes];
        this.sumHessian = new float[nodes];
        this.baseWeights = new float[nodes];
    }

    /**
     * Reads tree {@code id} and checks that its nodes form a tree over the model's features:
     * XGBoost's predictor follows child and feature indices without bounds checks, so a damaged
     * index would read outside its arrays (or loop forever) instead of failing.
     */
    static LegacyTree read(LegacyBinaryReader reader, int id, int modelFeatures)
            throws ModelLoadException {
        String where = "tree " + id;
        int[] param = reader.int32s(TREE_PARAM_INTS, where + " parameters");
        int nodes = param[1];
        int numDeleted = param[2];
        int sizeLeafVector = param[5];
        int treeFeatures = param[4];
        if (nodes < 1
                || numDeleted < 0
                || numDeleted >= nodes
                || treeFeatures < 0
                || treeFeatures > modelFeatures) {
            throw LegacyBinaryReader.malformed(
                    where
                            + " declares "
                            + nodes
                            + " nodes with "
                            + numDeleted
                            + " deleted over "
                            + treeFeatures
                            + " features (the model has "
                            + modelFeatures
                            + ")");
        }
        if (sizeLeafVector != 0) {
            throw LegacyBinaryReader.malformed(
                    where
                            + " has vector leaves (size_leaf_vector "
                            + sizeLeafVector
                            + "), which the converter does not support");
        }
        int[] nodeFields = reader.int32s((long) nodes * NODE_INTS, where + " nodes");
        float[] stats = reader.float32s((long) nodes * STAT_FLOATS, where + " stats");
        LegacyTree tree = new LegacyTree(numDeleted, treeFeatures, nodes);
        for (int node = 0; node < nodes; node++) {
            int base = node * NODE_INTS;
            tree.parents[node] = nodeFields[base] & ~TOP_BIT;
            tree.leftChildren[node] = nodeFields[base + 1];
            tree.rightChildren[node] = nodeFields[base + 2];
            tree.splitIndices[node] = nodeFields[base + 3] & ~TOP_BIT;
            tree.defaultLeft[node] = nodeFields[base + 3] >>> 31;
            tree.splitConditions[node] = Float.intBitsToFloat(nodeFields[base + 4]);
            tree.lossChanges[node] = stats[node * STAT_FLOATS];
            tree.sumHessian[node] = stats[node * STAT_FLOATS + 1];
            tree.baseWeights[node] = stats[node * STAT_FLOATS + 2];
        }
        tree.checkShape(where, modelFeatures);
        return tree;
    }

    /**
     * Walks from the root: every split on a feature, its children a new pair of nodes (XGBoost's
     * predictor takes the right child as left + 1) that name it as their parent. Nodes off the tree
     * (deleted by pruning) still need a parent inside the tree: XGBoost 3 looks each one up when it
     * loads the model.
     */
    private void checkShape(String where, int modelFeatures) throws ModelLoadException {
        int nodes = leftChildren.length;
        for (int node = 1; node < nodes; node++) {
            if (parents[node] >= nodes) {
                throw LegacyBinaryReader.malformed(
                        where + " node " + node + " has parent " + parents[node] + " of " + nodes);
            }
        }
        boolean[] reached = new boolean[nodes];
        int[] pending = new int[nodes];
        int pendingCount = 0;
        pending[pendingCount++] = 0;
        reached[0] = true;
        while (pendingCount > 0) {
            int node = pending[--pendingCount];
            int left = leftChildren[node];
            if (left == NO_CHILD) {
                continue;
            }
            if (splitIndices[node] >= modelFeatures) {
                throw LegacyBinaryReader.malformed(
                        where
                                + " node "
                                + node
                                + " splits on feature "
                                + splitIndices[node]
                                + " of a model with "
                                + modelFeatures
                                + " features");
            }
            if (left <= 0
                    || left >= nodes - 1
                    || rightChildren[node] != left + 1
                    || reached[left]
                    || reached[left + 1]
                    || parents[left] != node
                    || parents[left + 1] != node) {
                throw LegacyBinaryReader.malformed(
                        where
                                + " node "
                                + node
                                + " has children "
                                + left
                                + " and "
                                + rightChildren[node]
                                + ", not a new pair of its "
                                + nodes
                                + " nodes");
            }
            reached[left] = true;
            reached[left + 1] = true;
            pending[pendingCount++] = left;
            pending[pendingCount++] = left + 1;
        }
    }

    /** The tree object of XGBoost 1.7's JSON model ({@code RegTree::SaveModel}), keys sorted. */
    void writeJson(JsonGenerator json, int id) throws IOException {
        int nodes = leftChildren.length;
        json.writeStartObject();
        XGBoostJson.floatArray(json, "base_weights", baseWeights);
        XGBoostJson.emptyArray(json, "categories");
        XGBoostJson.emptyArray(json, "categories_nodes");
        XGBoostJson.emptyArray(json, "categories_segments");
        XGBoostJson.emptyArray(json, "categories_sizes");
        XGBoostJson.intArray(json, "default_left", defaultLeft);
        json.writeNumberField("id", id);
        XGBoostJson.intArray(json, "left_children", leftChildren);
        XGBoostJson.floatArray(json, "loss_changes", lossChanges);
        XGBoostJson.intArray(json, "parents", parents);
        XGBoostJson.intArray(json, "right_children", rightChildren);
        XGBoostJson.floatArray(json, "split_conditions", splitConditions);
        XGBoostJson.intArray(json, "split_indices", splitIndices);
        XGBoostJson.intArray(json, "split_type", new int[nodes]);
        XGBoostJson.floatArray(json, "sum_hessian", sumHessian);
        json.writeObjectFieldStart("tree_param");
        json.writeStringField("num_deleted", Integer.toString(numDeleted));
        json.writeStringField("num_feature", Integer.toString(numFeature));
        json.writeStringField("num_nodes", Integer.toString(nodes));
        json.writeStringField("size_leaf_vector", "0");
        json.writeEndObject();
        json.writeEndObject();
    }
}
