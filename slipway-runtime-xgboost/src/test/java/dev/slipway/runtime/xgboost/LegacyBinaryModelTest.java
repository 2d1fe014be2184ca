package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.slipway.spi.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The converter against XGBoost 1.7 itself: for models 1.7 saved in the legacy binary format, the
 * converted JSON loads in XGBoost4J 3, predicts what 1.7 predicted, and equals the JSON 1.7 writes
 * for the same booster.
 */
class LegacyBinaryModelTest {
    private static final String[] FIXTURES = LegacyFixture.NAMES;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void convertedModelPredictsWhatXGBoost17Predicted(String name) throws Exception {
        LegacyFixture fixture = LegacyFixture.named(name);

        float[][] predictions = predict(LegacyBinaryModel.toJson(fixture.binary()), fixture);

        assertThat(predictions)
                .hasDimensions(fixture.rows().length, fixture.predictions()[0].length);
        for (int row = 0; row < predictions.length; row++) {
            for (int value = 0; value < predictions[row].length; value++) {
                assertThat(predictions[row][value])
                        .as("%s row %d value %d", name, row, value)
                        .isCloseTo(fixture.predictions()[row][value], within(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void convertedJsonEqualsTheJsonXGBoost17Writes(String name) throws Exception {
        LegacyFixture fixture = LegacyFixture.named(name);

        JsonNode converted = LegacyFixture.parse(LegacyBinaryModel.toJson(fixture.binary()));

        assertThat(comparable(converted)).isEqualTo(comparable(fixture.json()));
    }

    @Test
    void keepsUserAttributesAndLeavesTheObjectiveConfigurationOutOfThem() throws Exception {
        JsonNode learner =
                LegacyFixture.parse(
                                LegacyBinaryModel.toJson(
                                        LegacyFixture.named("attributes").binary()))
                        .get("learner");

        assertThat(learner.get("attributes").get("owner").asText()).isEqualTo("risk-team");
        assertThat(learner.get("attributes").has("objective")).isFalse();
        assertThat(learner.get("objective").get("name").asText()).isEqualTo("binary:logistic");
    }

    @Test
    void everyTruncationFailsNamingWhatIsMissing() {
        byte[] model = LegacyFixture.named("binary-logistic").binary();

        for (int length = 0; length < model.length; length++) {
            byte[] truncated = Arrays.copyOf(model, length);
            assertThatThrownBy(() -> LegacyBinaryModel.toJson(truncated))
                    .as("cut to %d of %d bytes", length, model.length)
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("not a valid XGBoost model: legacy binary format, ");
        }
        assertThatThrownBy(() -> LegacyBinaryModel.toJson(Arrays.copyOf(model, 500)))
                .hasMessageEndingWith(
                        "the file ends early: tree 0 nodes needs 260 bytes at byte 485, 15 left");
    }

    @Test
    void aCorruptHeaderFailsNamingItsFields() {
        byte[] model = LegacyFixture.named("binary-logistic").binary();
        byte[] negativeClasses = model.clone();
        // num_class: the third int32 of the parameters after the 4-byte magic.
        negativeClasses[12] = (byte) 0xF6;
        negativeClasses[13] = (byte) 0xFF;
        negativeClasses[14] = (byte) 0xFF;
        negativeClasses[15] = (byte) 0xFF;
        byte[] hugeName = model.clone();
        // The objective name's uint64 length follows the 136-byte parameters.
        hugeName[4 + 136 + 6] = 0x7F;

        assertThatThrownBy(() -> LegacyBinaryModel.toJson(negativeClasses))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("corrupt header: ")
                .hasMessageContaining("num_class -10");
        assertThatThrownBy(() -> LegacyBinaryModel.toJson(hugeName))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "the objective name at byte 140 claims 35747322042253327 elements");
    }

    @Test
    void anUnknownBoosterFailsNamingIt() {
        byte[] model = LegacyFixture.named("binary-logistic").binary();
        byte[] unknown = replaceFirst(model, "gbtree", "gbfrog");

        assertThatThrownBy(() -> LegacyBinaryModel.toJson(unknown))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "not a valid XGBoost model: legacy binary format, unknown booster 'gbfrog'"
                                + " (the legacy format has gbtree, dart and gblinear)");
    }

    @Test
    void aChildIndexOutsideTheTreeFailsBeforeXGBoostFollowsIt() {
        byte[] model = LegacyFixture.named("binary-logistic").binary();
        byte[] damaged = model.clone();
        // Tree 0's first node starts after magic, learner parameters, the two names, the gbtree
        // parameters and the tree parameters; its left child is its second int32.
        int root = 4 + 136 + 8 + "binary:logistic".length() + 8 + "gbtree".length() + 160 + 148;
        damaged[root + 4] = 99;

        assertThatThrownBy(() -> LegacyBinaryModel.toJson(damaged))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "tree 0 node 0 has children 99 and 2, not a new pair of its 13 nodes");
    }

    @Test
    void aModelWithoutItsObjectiveConfigurationGetsTheObjectivesDefaults() throws Exception {
        // As XGBoost before 1.0 wrote them: no extra attributes, so no "objective" attribute.
        LegacyFixture fixture = LegacyFixture.named("reg-squarederror");
        byte[] attributes = "best_iteration".getBytes(StandardCharsets.US_ASCII);
        int attributesStart = indexOf(fixture.binary(), attributes) - 16;
        byte[] old = Arrays.copyOf(fixture.binary(), attributesStart);
        old[4 + 12] = 0;

        JsonNode converted = LegacyFixture.parse(LegacyBinaryModel.toJson(old));

        assertThat(converted.get("learner").get("objective"))
                .isEqualTo(fixture.json().get("learner").get("objective"));
        assertThat(converted.get("learner").get("attributes").isEmpty()).isTrue();
        assertThat(predict(LegacyBinaryModel.toJson(old), fixture)[0][0])
                .isCloseTo(fixture.predictions()[0][0], within(1e-5f));
    }

    private static float[][] predict(byte[] json, LegacyFixture fixture) throws Exception {
        Booster booster = XGBoost.loadModel(json);
        DMatrix rows =
                new DMatrix(
                        fixture.flatRows(), fixture.rows().length, fixture.features(), Float.NaN);
        try {
            return booster.predict(rows);
        } finally {
            rows.dispose();
            booster.dispose();
        }
    }

    /**
     * The document without what legitimately differs: the version, number spellings (1.7 writes
     * "5E-1", Java "0.5"; both are compared as the float they denote), and gblinear's
     * boosted_rounds, which the binary format does not keep (1.7 itself writes 0 after loading the
     * binary file, which predicts with all weights).
     */
    private static JsonNode comparable(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("version");
        ObjectNode learner = (ObjectNode) copy.get("learner");
        ObjectNode param = (ObjectNode) learner.get("learner_model_param");
        param.set(
                "base_score",
                TextNode.valueOf(
                        Float.toString(Float.parseFloat(param.get("base_score").asText()))));
        JsonNode linear = learner.get("gradient_booster").get("model");
        if (linear != null && linear.has("boosted_rounds")) {
            ((ObjectNode) linear).remove("boosted_rounds");
        }
        return floatsAsFloats(copy);
    }

    private static JsonNode floatsAsFloats(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return FloatNode.valueOf(node.floatValue());
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                    fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(floatsAsFloats(field.getValue()));
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, floatsAsFloats(node.get(i)));
            }
        }
        return node;
    }

    private static byte[] replaceFirst(byte[] model, String text, String replacement) {
        byte[] copy = model.clone();
        byte[] from = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(
                replacement.getBytes(StandardCharsets.US_ASCII),
                0,
                copy,
                indexOf(model, from),
                from.length);
        return copy;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int start = 0; start + part.length <= bytes.length; start++) {
            if (Arrays.equals(bytes, start, start + part.length, part, 0, part.length)) {
                return start;
            }
        }
        throw new AssertionError("not found: " + new String(part, StandardCharsets.US_ASCII));
    }
}
