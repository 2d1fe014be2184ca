package dev.slipway.runtime.xgboost;

import dev.slipway.spi.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts a model in XGBoost's legacy binary format (written by XGBoost 1.x and 2.x, headed {@code
 * binf}) into the JSON model that XGBoost 1.7 writes with {@code save_model("x.json")}. XGBoost 3
 * no longer reads the binary format but still loads 1.7's JSON.
 *
 * <p>Layout, little-endian (src/learner.cc, {@code LearnerImpl::LoadModel} in XGBoost 1.7):
 *
 * <ol>
 *   <li>{@code binf}, then the 136-byte {@code LearnerModelParamLegacy}: float base_score, uint32
 *       num_feature, int32 num_class, int32 contain_extra_attrs, int32 contain_eval_metrics, uint32
 *       major_version and minor_version, uint32 num_target, int32 boost_from_average, 25 reserved
 *       int32 (zero in files from before a field existed).
 *   <li>The objective and booster names, each a uint64 length and its bytes.
 *   <li>The booster: {@code gbtree}, {@code dart} (gbtree, then the trees' drop weights) or {@code
 *       gblinear}; see {@link #readBooster}.
 *   <li>If contain_extra_attrs: the attributes, a uint64 count of string pairs. Since XGBoost 1.0
 *       they include "objective", the objective's configuration as JSON text.
 *   <li>Trailing fields that do not affect predictions: max_delta_step for count:poisson (before
 *       1.0) and the evaluation metric names.
 * </ol>
 *
 * <p>base_score is stored as the user gave it (a probability for binary:logistic), exactly as the
 * JSON format stores it, so it is copied unchanged. The output matches, field for field, what 1.7
 * writes after loading the same binary file (LegacyBinaryModelTest compares them).
 *
 * <p>Thread-safe: stateless; each call reads its own bytes.
 */
final class LegacyBinaryModel {
    private static final byte[] MAGIC = {'b', 'i', 'n', 'f'};
    private static final int LEARNER_PARAM_INTS = 34;
    private static final int GBTREE_PARAM_INTS = 40;
    private static final int GBLINEAR_PARAM_INTS = 34;

    /** Longer than any objective or booster name; a longer one means the header is damaged. */
    private static final int MAX_NAME_LENGTH = 64;

    /** The version 1.7 writes after loading a binary model, whatever version saved it. */
    private static final int[] JSON_VERSION = {1, 7, 4};

    private LegacyBinaryModel() {}

    /** The model as XGBoost 1.7's JSON, UTF-8 encoded, for {@code XGBoost.loadModel(byte[])}. */
    static byte[] toJson(byte[] model) throws ModelLoadException {
        LegacyBinaryReader reader = new LegacyBinaryReader(model);
        for (int i = 0; i < MAGIC.length; i++) {
            if (model.length <= i || model[i] != MAGIC[i]) {
                throw LegacyBinaryReader.malformed("the file does not start with 'binf'");
            }
        }
        reader.int32("the 'binf' header");
        LearnerParam learner = LearnerParam.read(reader);
        String objective = name(reader, "the objective name");
        String booster = name(reader, "the booster name");
        JsonWriter gradientBooster = new JsonWriter();
        readBooster(reader, booster, learner, gradientBooster);
        Map<String, String> attributes = new TreeMap<>();
        if (learner.containsAttributes()) {
            readAttributes(reader, attributes);
        }
        String objectiveConfig = attributes.remove("objective");
        if (objectiveConfig != null) {
            LegacyObjectives.requireNamed(objectiveConfig, objective);
        } else {
            // Saved before 1.0, without the objective's configuration; count:poisson's one
            // parameter followed the attributes then.
            String maxDeltaStep =
                    objective.equals("count:poisson") && !reader.atEnd()
                            ? reader.string("max_delta_step")
                            : LegacyObjectives.DEFAULT_MAX_DELTA_STEP;
            objectiveConfig =
                    LegacyObjectives.defaultConfig(objective, learner.numClass(), maxDeltaStep);
        }
        return learnerJson(learner, attributes, gradientBooster, objectiveConfig)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The parameter struct; {@link #read} rejects values no XGBoost writes. */
    private record LearnerParam(
            float baseScore,
            int numFeature,
            int numClass,
            int containExtraAttrs,
            int numTarget,
            int boostFromAverage) {

        static LearnerParam read(LegacyBinaryReader reader) throws ModelLoadException {
            int[] fields = reader.int32s(LEARNER_PARAM_INTS, "the learner parameters");
            float baseScore = Float.intBitsToFloat(fields[0]);
            int numFeature = fields[1];
            int numClass = fields[2];
            int containExtraAttrs = fields[3];
            int majorVersion = fields[5];
            // Written before 1.6 introduced the field: the reserved bytes were zero, one target.
            int numTarget = fields[7] == 0 ? 1 : fields[7];
            if (!Float.isFinite(baseScore)
                    || numFeature < 1
                    || numClass < 0
                    || numTarget < 1
                    || (containExtraAttrs != 0 && containExtraAttrs != 1)
                    || majorVersion < 0
                    || majorVersion > 2) {
                throw LegacyBinaryReader.malformed(
                        "corrupt header: base_score "
                                + baseScore
                                + ", num_feature "
                                + Integer.toUnsignedString(numFeature)
                                + ", num_class "
                                + numClass
                                + ", num_target "
                                + Integer.toUnsignedString(numTarget)
                                + ", contain_extra_attrs "
                                + containExtraAttrs
                                + ", written by XGBoost "
                                + Integer.toUnsignedString(majorVersion)
                                + "."
                                + Integer.toUnsignedString(fields[6]));
            }
            return new LearnerParam(
                    baseScore, numFeature, numClass, containExtraAttrs, numTarget, fields[8]);
        }

        boolean containsAttributes() {
            return containExtraAttrs == 1;
        }

        /** Outputs per row: trees and linear weights come in this many groups. */
        int outputGroups() {
            return Math.max(1, Math.max(numClass, numTarget));
        }
    }

    private static String name(LegacyBinaryReader reader, String field) throws ModelLoadException {
        int at = reader.position();
        String name = reader.string(field);
        if (name.isEmpty()
                || name.length() > MAX_NAME_LENGTH
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw LegacyBinaryReader.malformed(
                    "corrupt header: " + field + " at byte " + at + " is not a name");
        }
        return name;
    }

    /** The {@code gradient_booster} object of the JSON model. */
    private static void readBooster(
            LegacyBinaryReader reader, String booster, LearnerParam learner, JsonWriter json)
            throws ModelLoadException {
        switch (booster) {
            case "gbtree" -> {
                json.beginObject().name("model");
                readTrees(reader, learner, json);
                json.name("name").value("gbtree").endObject();
            }
            case "dart" -> {
                // src/gbm/gbtree.cc, Dart::LoadModel: the gbtree model, then a vector<float> of
                // one drop weight per tree (absent when there are no trees).
                json.beginObject().name("gbtree").beginObject().name("model");
                int trees = readTrees(reader, learner, json);
                json.name("name").value("gbtree").endObject();
                float[] weightDrop = trees == 0 ? new float[0] : reader.floatVector("weight_drop");
                if (weightDrop.length != trees) {
                    throw LegacyBinaryReader.malformed(
                            weightDrop.length + " dart drop weights for " + trees + " trees");
                }
                json.name("name").value("dart").floats("weight_drop", weightDrop).endObject();
            }
            case "gblinear" -> readLinear(reader, learner, json);
            default ->
                    throw LegacyBinaryReader.malformed(
                            "unknown booster '"
                                    + booster
                                    + "' (the legacy format has gbtree, dart and gblinear)");
        }
    }

    /**
     * src/gbm/gbtree_model.cc, {@code GBTreeModel::Load}: a 160-byte {@code GBTreeModelParam}
     * (int32 num_trees, int32 num_parallel_tree, which 1.x wrote where older versions kept
     * num_roots, always 1; size_leaf_vector at int 7 in 1.x), the trees, then one int32 output
     * group per tree ({@code tree_info}). Writes the {@code model} object; returns the tree count.
     */
    private static int readTrees(LegacyBinaryReader reader, LearnerParam learner, JsonWriter json)
            throws ModelLoadException {
        int[] param = reader.int32s(GBTREE_PARAM_INTS, "the gbtree parameters");
        int numTrees = param[0];
        int numParallelTree = param[1];
        int sizeLeafVector = param[7];
        // A non-zero size_leaf_vector would tell XGBoost 3 to expect multi-target trees. Every
        // output group and every tree of a forest round is a tree of its own, so neither count
        // can pass the tree count; XGBoost sizes its prediction buffers by the group count.
        int mostTrees = Math.max(1, numTrees);
        if (numTrees < 0
                || numParallelTree < 1
                || numParallelTree > mostTrees
                || learner.outputGroups() > mostTrees
                || sizeLeafVector != 0) {
            throw LegacyBinaryReader.malformed(
                    "corrupt gbtree parameters: num_trees "
                            + numTrees
                            + ", num_parallel_tree "
                            + numParallelTree
                            + ", size_leaf_vector "
                            + sizeLeafVector
                            + " for "
                            + learner.outputGroups()
                            + " output groups");
        }
        List<LegacyTree> trees = new ArrayList<>();
        for (int id = 0; id < numTrees; id++) {
            trees.add(LegacyTree.read(reader, id, learner.numFeature()));
        }
        int[] treeInfo = reader.int32s(numTrees, "tree_info");
        for (int id = 0; id < numTrees; id++) {
            // The predictor adds each tree into the output group named here, unchecked.
            if (treeInfo[id] < 0 || treeInfo[id] >= learner.outputGroups()) {
                throw LegacyBinaryReader.malformed(
                        "tree "
                                + id
                                + " belongs to output group "
                                + treeInfo[id]
                                + " of "
                                + learner.outputGroups());
            }
        }
        json.beginObject()
                .name("gbtree_model_param")
                .beginObject()
                .name("num_parallel_tree")
                .value(Integer.toString(numParallelTree))
                .name("num_trees")
                .value(Integer.toString(numTrees))
                .name("size_leaf_vector")
                .value("0")
                .endObject()
                .ints("tree_info", treeInfo)
                .name("trees")
                .beginArray();
        for (int id = 0; id < numTrees; id++) {
            trees.get(id).writeJson(json, id);
        }
        json.endArray().endObject();
        return numTrees;
    }

    /**
     * src/gbm/gblinear_model.h, {@code GBLinearModel::Load}: a 136-byte parameter struct that newer
     * versions ignore, then a vector<float> of (num_feature + 1) x groups weights, the bias last.
     * The binary format does not record the boosted rounds; 1.7 writes 0 for them, which predicts
     * with every weight.
     */
    private static void readLinear(LegacyBinaryReader reader, LearnerParam learner, JsonWriter json)
            throws ModelLoadException {
        reader.int32s(GBLINEAR_PARAM_INTS, "the gblinear parameters");
        float[] weights = reader.floatVector("the linear weights");
        long expected = ((long) learner.numFeature() + 1) * learner.outputGroups();
        if (weights.length != expected) {
            throw LegacyBinaryReader.malformed(
                    weights.length
                            + " linear weights for "
                            + learner.numFeature()
                            + " features and "
                            + learner.outputGroups()
                            + " output groups (expected "
                            + expected
                            + ")");
        }
        json.beginObject()
                .name("model")
                .beginObject()
                .name("boosted_rounds")
                .value(0)
                .floats("weights", weights)
                .endObject()
                .name("name")
                .value("gblinear")
                .endObject();
    }

    private static void readAttributes(LegacyBinaryReader reader, Map<String, String> attributes)
            throws ModelLoadException {
        // Each pair takes two 8-byte lengths at least.
        int count = reader.count(16, "the attributes");
        for (int i = 0; i < count; i++) {
            String key = reader.string("attribute " + i + " name");
            attributes.put(key, reader.string("attribute '" + key + "'"));
        }
    }

    private static String learnerJson(
            LearnerParam learner,
            Map<String, String> attributes,
            JsonWriter gradientBooster,
            String objectiveConfig) {
        JsonWriter json = new JsonWriter();
        json.beginObject().name("learner").beginObject().name("attributes").beginObject();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            json.name(attribute.getKey()).value(attribute.getValue());
        }
        json.endObject()
                // The binary format keeps no feature names or types.
                .emptyArray("feature_names")
                .emptyArray("feature_types")
                .name("gradient_booster")
                .rawValue(gradientBooster.toString())
                .name("learner_model_param")
                .beginObject()
                .name("base_score")
                .value(Float.toString(learner.baseScore()))
                .name("boost_from_average")
                .value(Integer.toString(learner.boostFromAverage()))
                .name("num_class")
                .value(Integer.toString(learner.numClass()))
                .name("num_feature")
                .value(Integer.toString(learner.numFeature()))
                .name("num_target")
                .value(Integer.toString(learner.numTarget()))
                .endObject()
                .name("objective")
                .rawValue(objectiveConfig)
                .endObject()
                .name("version")
                .beginArray();
        for (int part : JSON_VERSION) {
            json.value(part);
        }
        return json.endArray().endObject().toString();
    }
}
