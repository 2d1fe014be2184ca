package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * What the trees evaluator refuses, each with its reason, on the JSON that XGBoost4J 3.4.0 writes:
 * the runtime then serves those models with XGBoost4J.
 */
class TreeModelCompilerTest {
    @Test
    void compilesTheBreastCancerModel() throws Exception {
        TreeCompilation compilation = TreeEnsemble.compile(breastCancer().getBytes());

        assertThat(compilation).isInstanceOf(TreeCompilation.Compiled.class);
        TreeEnsemble trees = ((TreeCompilation.Compiled) compilation).ensemble();
        assertThat(trees.objective()).isEqualTo(TreeObjective.BINARY_LOGISTIC);
        assertThat(trees.features()).isEqualTo(30);
        assertThat(trees.groups()).isEqualTo(1);
        assertThat(trees.treeCount()).isEqualTo(50);
    }

    @Test
    void refusesGblinear() throws Exception {
        assertRefused(
                rewrittenByXGBoost4J(legacyJson("gblinear")),
                "booster gblinear (a linear model, not trees)");
    }

    @Test
    void refusesDartAsXGBoost3SavesIt() throws Exception {
        // XGBoost 3 saves a dart booster as gbtree, with the dropout weights beside its trees.
        String json = rewrittenByXGBoost4J(legacyJson("dart"));
        assertThat(json).contains("\"name\":\"gbtree\"", "\"weight_drop\":[");

        assertRefused(json, "booster dart (dropout weights scale its trees)");
    }

    @Test
    void refusesDartAsXGBoost17SavedIt() throws Exception {
        String json = legacyJson("dart");
        assertThat(json).contains("\"name\":\"dart\"");

        assertRefused(json, "booster dart (dropout weights scale its trees)");
    }

    @Test
    void refusesCategoricalSplits() throws Exception {
        String json = rewrittenByXGBoost4J(categoricalJson());

        assertRefused(json, "categorical features");
        assertRefused(
                json.replace("\"feature_types\":[\"c\",", "\"feature_types\":[\"q\","),
                "categorical splits (tree 0)");
    }

    @Test
    void refusesObjectivesItDoesNotImplement() throws Exception {
        assertRefused(
                breastCancer().replace("\"name\":\"binary:logistic\"", "\"name\":\"survival:cox\""),
                "objective 'survival:cox' (the trees evaluator implements [reg:squarederror,");
    }

    @Test
    void refusesMultiTargetModelsAndVectorLeaves() throws Exception {
        assertRefused(
                breastCancer().replace("\"num_target\":\"1\"", "\"num_target\":\"2\""),
                "2 targets (multi-target models)");
        assertRefused(
                breastCancer()
                        .replaceFirst("\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"2\""),
                "tree 0 has vector leaves of 2 values (multi-target)");
    }

    @Test
    void refusesTreesItWouldWalkDifferentlyFromXGBoost() throws Exception {
        // Tree 0's root has children 1 and 2; XGBoost's predictor takes "right" as left + 1.
        assertRefused(
                breastCancer().replaceFirst("\"right_children\":\\[2,", "\"right_children\":[4,"),
                "tree 0 node 0 has children 1 and 4, not a pair of nodes after it");
        assertRefused(
                breastCancer().replaceFirst("\"left_children\":\\[1,", "\"left_children\":[0,"),
                "tree 0 node 0 has children 0 and 2, not a pair of nodes after it");
        assertRefused(
                breastCancer().replaceFirst("\"split_indices\":\\[27,", "\"split_indices\":[30,"),
                "tree 0 node 0 splits on feature 30 of 30");
    }

    @Test
    void refusesInconsistentDocuments() throws Exception {
        assertRefused(
                breastCancer().replaceFirst("\"tree_info\":\\[0,", "\"tree_info\":["),
                "tree_info names 49 trees, the model has 50");
        assertRefused(
                breastCancer()
                        .replace("\"base_score\":\"[5E-1]\"", "\"base_score\":\"[5E-1,5E-1]\""),
                "base_score [5E-1,5E-1] for 1 output groups");
        assertRefused(
                breastCancer().replaceFirst("\"num_nodes\":\"13\"", "\"num_nodes\":\"11\""),
                "tree 0 does not have 11 complete nodes");
        assertRefused("{\"learner\": [", "its JSON cannot be read: ");
    }

    private static void assertRefused(String json, String reason) {
        TreeCompilation compilation = TreeEnsemble.compile(json.getBytes(StandardCharsets.UTF_8));

        assertThat(compilation).isInstanceOf(TreeCompilation.Refused.class);
        assertThat(((TreeCompilation.Refused) compilation).reason()).startsWith(reason);
    }

    /** The breast-cancer example as XGBoost4J 3.4.0 writes it. */
    static String breastCancer() throws Exception {
        return rewrittenByXGBoost4J(
                Files.readString(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json")));
    }

    static String rewrittenByXGBoost4J(String json) throws Exception {
        Booster booster = XGBoost.loadModel(json.getBytes(StandardCharsets.UTF_8));
        try {
            return new String(booster.toByteArray("json"), StandardCharsets.UTF_8);
        } finally {
            booster.dispose();
        }
    }

    /** The JSON XGBoost 1.7 wrote for a legacy fixture (make_legacy_model.py). */
    static String legacyJson(String name) throws Exception {
        return resource("/legacy/" + name + ".json");
    }

    /** A model with categorical splits, written by XGBoost 1.7 (make_categorical_model.py). */
    static String categoricalJson() throws Exception {
        return resource("/unsupported/categorical.json");
    }

    private static String resource(String name) throws Exception {
        return Files.readString(Path.of(TreeModelCompilerTest.class.getResource(name).toURI()));
    }
}
