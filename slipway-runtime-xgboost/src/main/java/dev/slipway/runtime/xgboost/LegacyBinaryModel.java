package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.spi.ModelLoadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
        try {
            return convert(model);
        } catch (IOException e) {
            // Jackson declares IOException; the JSON is written into memory, which does not fail.
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] convert(byte[] model) throws ModelLoadException, IOException {
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
        // The file keeps the attributes after the booster; the JSON model, with its keys sorted
        // as XGBoost writes them, before it. So the booster is written apart, then inserted.
        StringWriter gradientBooster = new StringWriter();
        try (JsonGenerator json = XGBoostJson.generator(gradientBooster)) {
            readBooster(reader, booster, learner, json);
        }
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
        return learnerJson(learner, attributes, gradientBooster.toString(), objectiveConfig);
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
            LegacyBinaryReader reader, String booster, LearnerParam learner, JsonGenerator json)
            throws ModelLoadException, IOException {
        switch (booster) {
            case "gbtree" -> readGbtree(reader, learner, json);
            case "dart" -> {
                // src/gbm/gbtree.cc, Dart::LoadModel: the gbtree model, then a vector<float> of
                // one drop weight per tree (absent when there are no trees).
                json.writeStartObject();
                json.writeFieldName("gbtree");
                int trees = readGbtree(reader, learner, json);
                float[] weightDrop = trees == 0 ? new float[0] : reader.floatVector("weight_drop");
                if (weightDrop.length != trees) {
                    throw LegacyBinaryReader.malformed(
                            weightDrop.length + " dart drop weights for " + trees + " trees");
                }
                json.writeStringField("name", "dart");
                XGBoostJson.floatArray(json, "weight_drop", weightDrop);
                json.writeEndObject();
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
     * A gbtree booster object, {@code {"model": ..., "name": "gbtree"}}; returns the tree count.
     */
    private static int readGbtree(
            LegacyBinaryReader reader, LearnerParam learner, JsonGenerator json)
            throws ModelLoadException, IOException {
        json.writeStartObject();
        json.writeFieldName("model");
        int trees = readTrees(reader, learner, json);
        json.writeStringField("name", "gbtree");
        json.writeEndObject();
        return trees;
    }

    /**
     * src/gbm/gbtree_model.cc, {@code GBTreeModel::Load}: a 160-byte {@code GBTreeModelParam}
     * (int32 num_trees, int32 num_parallel_tree, which 1.x wrote where older versions kept
     * num_roots, always 1; size_leaf_vector at int 7 in 1.x), the trees, then one int32 output
     * group per tree ({@code tree_info}). Writes the {@code model} object; returns the tree count.
     */
    private static int readTrees(
            LegacyBinaryReader reader, LearnerParam learner, JsonGenerator json)
            throws ModelLoadException, IOException {
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
        json.writeStartObject();
        json.writeObjectFieldStart("gbtree_model_param");
        json.writeStringField("num_parallel_tree", Integer.toString(numParallelTree));
        json.writeStringField("num_trees", Integer.toString(numTrees));
        json.writeStringField("size_leaf_vector", "0");
        json.writeEndObject();
        XGBoostJson.intArray(json, "tree_info", treeInfo);
        json.writeArrayFieldStart("trees");
        for (int id = 0; id < numTrees; id++) {
            trees.get(id).writeJson(json, id);
        }
        json.writeEndArray();
        json.writeEndObject();
        return numTrees;
    }

    /**
     * src/gbm/gblinear_model.h, {@code GBLinearModel::Load}: a 136-byte parameter struct that newer
     * versions ignore, then a vector<float> of (num_feature + 1) x groups weights, the bias last.
     * The binary format does not record the boosted rounds; 1.7 writes 0 for them, which predicts
     * with every weight.
     */
    private static void readLinear(
            LegacyBinaryReader reader, LearnerParam learner, JsonGenerator json)
            throws ModelLoadException, IOException {
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
        json.writeStartObject();
        json.writeObjectFieldStart("model");
        json.writeNumberField("boosted_rounds", 0);
        XGBoostJson.floatArray(json, "weights", weights);
        json.writeEndObject();
        json.writeStringField("name", "gblinear");
        json.writeEndObject();
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

    private static byte[] learnerJson(
            LearnerParam learner,
            Map<String, String> attributes,
            String gradientBooster,
            String objectiveConfig)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + gradientBooster.length());
        try (JsonGenerator json = XGBoostJson.generator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("learner");
            json.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                json.writeStringField(attribute.getKey(), attribute.getValue());
            }
            json.writeEndObject();
            // The binary format keeps no feature names or types.
            XGBoostJson.emptyArray(json, "feature_names");
            XGBoostJson.emptyArray(json, "feature_types");
            json.writeFieldName("gradient_booster");
            json.writeRawValue(gradientBooster);
            json.writeObjectFieldStart("learner_model_param");
            json.writeStringField("base_score", Float.toString(learner.baseScore()));
            json.writeStringField(
                    "boost_from_average", Integer.toString(learner.boostFromAverage()));
            json.writeStringField("num_class", Integer.toString(learner.numClass()));
            json.writeStringField("num_feature", Integer.toString(learner.numFeature()));
            json.writeStringField("num_target", Integer.toString(learner.numTarget()));
            json.writeEndObject();
            // XGBoost's own text: its saved configuration, or the defaults LegacyObjectives wrote.
            json.writeFieldName("objective");
            json.writeRawValue(objectiveConfig);
            json.writeEndObject();
            json.writeFieldName("version");
            json.writeArray(JSON_VERSION, 0, JSON_VERSION.length);
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
