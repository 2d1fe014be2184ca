package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * The spellings XGBoost's JSON reader needs, which the fixtures (written by XGBoost 1.7 from real
 * models) do not all contain: no NaN or infinite value, no control character in an attribute.
 */
class XGBoostJsonTest {

    @Test
    void writesFloatsAsTheShortestTextWithAPointOrAnExponent() throws Exception {
        assertThat(
                        floats(
                                2.0f,
                                -0.0f,
                                0.1f,
                                1e10f,
                                1.0E-7f,
                                Float.MIN_VALUE,
                                Float.MAX_VALUE,
                                16777216f))
                .isEqualTo("[2.0,-0.0,0.1,1.0E10,1.0E-7,1.4E-45,3.4028235E38,1.6777216E7]");
    }

    @Test
    void writesNaNAndInfinitiesUnquoted() throws Exception {
        assertThat(floats(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY))
                .isEqualTo("[NaN,Infinity,-Infinity]");
    }

    @Test
    void writesEmptyArraysWithoutSpaceAndNoWhitespaceAnywhere() throws Exception {
        String text =
                write(
                        json -> {
                            XGBoostJson.emptyArray(json, "a");
                            XGBoostJson.intArray(json, "b", new int[] {1, -2});
                            json.writeObjectFieldStart("c");
                            json.writeStringField("d", "0");
                            json.writeEndObject();
                        });

        assertThat(text).isEqualTo("{\"a\":[],\"b\":[1,-2],\"c\":{\"d\":\"0\"}}");
    }

    @Test
    void escapesControlCharactersOnlyAsXGBoostReadsThem() throws Exception {
        String text =
                write(json -> json.writeStringField("k\b", "a\"b\\c\nd\re\tf\fg\u0001h/\u00e9"));

        assertThat(text)
                .isEqualTo("{\"k\\u0008\":\"a\\\"b\\\\c\\nd\\re\\tf\\u000Cg\\u0001h/\u00e9\"}");
    }

    /** XGBoost itself reads all of the above: a one-leaf model whose unused fields carry them. */
    @Test
    void xgboostLoadsAModelWrittenWithTheseSpellings() throws Exception {
        String objective = LegacyObjectives.defaultConfig("reg:squarederror", 0, "0.7");
        String model =
                write(
                        json -> {
                            json.writeObjectFieldStart("learner");
                            json.writeObjectFieldStart("attributes");
                            json.writeStringField("note\b\f", "tab\there\u0001");
                            json.writeEndObject();
                            XGBoostJson.emptyArray(json, "feature_names");
                            XGBoostJson.emptyArray(json, "feature_types");
                            json.writeObjectFieldStart("gradient_booster");
                            json.writeObjectFieldStart("model");
                            json.writeObjectFieldStart("gbtree_model_param");
                            json.writeStringField("num_parallel_tree", "1");
                            json.writeStringField("num_trees", "1");
                            json.writeStringField("size_leaf_vector", "0");
                            json.writeEndObject();
                            XGBoostJson.intArray(json, "tree_info", new int[] {0});
                            json.writeArrayFieldStart("trees");
                            json.writeStartObject();
                            XGBoostJson.floatArray(json, "base_weights", new float[] {Float.NaN});
                            XGBoostJson.emptyArray(json, "categories");
                            XGBoostJson.emptyArray(json, "categories_nodes");
                            XGBoostJson.emptyArray(json, "categories_segments");
                            XGBoostJson.emptyArray(json, "categories_sizes");
                            XGBoostJson.intArray(json, "default_left", new int[] {0});
                            json.writeNumberField("id", 0);
                            XGBoostJson.intArray(json, "left_children", new int[] {-1});
                            XGBoostJson.floatArray(
                                    json, "loss_changes", new float[] {Float.POSITIVE_INFINITY});
                            XGBoostJson.intArray(json, "parents", new int[] {Integer.MAX_VALUE});
                            XGBoostJson.intArray(json, "right_children", new int[] {-1});
                            XGBoostJson.floatArray(json, "split_conditions", new float[] {2.0f});
                            XGBoostJson.intArray(json, "split_indices", new int[] {0});
                            XGBoostJson.intArray(json, "split_type", new int[] {0});
                            XGBoostJson.floatArray(
                                    json, "sum_hessian", new float[] {Float.NEGATIVE_INFINITY});
                            json.writeObjectFieldStart("tree_param");
                            json.writeStringField("num_deleted", "0");
                            json.writeStringField("num_feature", "1");
                            json.writeStringField("num_nodes", "1");
                            json.writeStringField("size_leaf_vector", "0");
                            json.writeEndObject();
                            json.writeEndObject();
                            json.writeEndArray();
                            json.writeEndObject();
                            json.writeStringField("name", "gbtree");
                            json.writeEndObject();
                            json.writeObjectFieldStart("learner_model_param");
                            json.writeStringField("base_score", "0.0");
                            json.writeStringField("boost_from_average", "0");
                            json.writeStringField("num_class", "0");
                            json.writeStringField("num_feature", "1");
                            json.writeStringField("num_target", "1");
                            json.writeEndObject();
                            json.writeFieldName("objective");
                            json.writeRawValue(objective);
                            json.writeEndObject();
                            json.writeFieldName("version");
                            json.writeArray(new int[] {1, 7, 4}, 0, 3);
                        });

        Booster booster = XGBoost.loadModel(model.getBytes(StandardCharsets.UTF_8));
        DMatrix row = new DMatrix(new float[] {0.5f}, 1, 1, Float.NaN);
        try {
            // The one leaf's value is its split condition: 2.0, read as a float.
            assertThat(booster.predict(row)[0][0]).isEqualTo(2.0f);
        } finally {
            row.dispose();
            booster.dispose();
        }
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The array as written, without the object around it. */
    private static String floats(float... values) throws IOException {
        String text = write(json -> XGBoostJson.floatArray(json, "v", values));
        return text.substring("{\"v\":".length(), text.length() - 1);
    }

    private static String write(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = XGBoostJson.generator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
