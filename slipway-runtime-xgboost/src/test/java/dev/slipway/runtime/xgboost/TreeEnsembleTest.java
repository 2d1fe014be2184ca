package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java trees against XGBoost4J 3.4.0 itself, on thousands of rows with missing values whose
 * features sit on, just beside and between the models' split conditions: margins equal bit for bit,
 * predictions within the objective's {@link TreeObjective#ulpTolerance}.
 */
class TreeEnsembleTest {
    private static final int ROWS = 3000;

    static Stream<Arguments> servedModels() throws Exception {
        Path resources = Path.of(TreeEnsembleTest.class.getResource("/legacy").toURI());
        List<Arguments> models = new ArrayList<>();
        models.add(
                Arguments.of(
                        "breast-cancer (JSON)",
                        Files.readAllBytes(
                                XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json"))));
        models.add(
                Arguments.of(
                        "diabetes (UBJSON)",
                        Files.readAllBytes(XGBoostRuntimeTest.DIABETES.resolve("model.ubj"))));
        models.add(
                Arguments.of(
                        "breast-cancer (legacy binary)",
                        LegacyBinaryModel.toJson(
                                Files.readAllBytes(
                                        resources.resolveSibling(
                                                "breast-cancer-xgboost-1.7.bin")))));
        for (String name :
                List.of(
                        "binary-logistic",
                        "multi-softprob",
                        "reg-squarederror",
                        "count-poisson",
                        "missing-values",
                        "attributes")) {
            models.add(
                    Arguments.of(
                            name + " (legacy binary)",
                            LegacyBinaryModel.toJson(LegacyFixture.named(name).binary())));
        }
        return models.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servedModels")
    void agreesWithXGBoost4JOnRowsAroundEverySplit(String name, byte[] model) throws Exception {
        Booster booster = XGBoost.loadModel(model);
        try {
            assertAgrees(booster, served(booster), 17);
        } finally {
            booster.dispose();
        }
    }

    /** Every objective the trees implement, on a model XGBoost4J trains with missing values. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "reg:squarederror",
                "reg:squaredlogerror",
                "reg:pseudohubererror",
                "reg:absoluteerror",
                "binary:logistic",
                "reg:logistic",
                "binary:logitraw",
                "count:poisson",
                "reg:gamma",
                "reg:tweedie",
                "multi:softprob",
                "multi:softmax"
            })
    void agreesWithXGBoost4JForEachObjective(String objective) throws Exception {
        Booster booster = TrainedModels.train(objective);
        try {
            TreeEnsemble trees = served(booster);
            assertThat(trees.objective().xgboostName()).isEqualTo(objective);
            assertAgrees(booster, trees, objective.hashCode());
        } finally {
            booster.dispose();
        }
    }

    /**
     * How ProbToMargin treats base_score: the logit clamped to [1e-6, 1 - 1e-6] for the logistic
     * objectives, a margin as it is for binary:logitraw.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "binary:logistic 0.5",
                "binary:logistic 0.3",
                "binary:logistic 0.9",
                "binary:logistic 1E-7",
                "binary:logistic 2E-6",
                "binary:logistic 0.9999999",
                "reg:logistic 0.1",
                "binary:logitraw 0.3",
                "binary:logitraw -2.5"
            })
    void startsFromTheBaseScoreAsXGBoostTurnsItIntoAMargin(String objectiveAndScore)
            throws Exception {
        String[] parts = objectiveAndScore.split(" ");
        String json = Files.readString(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json"));
        String changed =
                json.replaceFirst(
                                "\"base_score\":\"[^\"]*\"", "\"base_score\":\"" + parts[1] + "\"")
                        .replace("\"name\":\"binary:logistic\"", "\"name\":\"" + parts[0] + "\"");
        assertThat(changed).contains("\"base_score\":\"" + parts[1] + "\"", parts[0]);

        Booster booster = XGBoost.loadModel(changed.getBytes());
        try {
            // As compiled, before the verification could move a base margin by an ulp.
            assertAgrees(booster, compile(booster), 5);
        } finally {
            booster.dispose();
        }
    }

    /**
     * A base margin computed through logf may be the other neighbour of the exact logarithm than
     * XGBoost's C library gives (glibc's logf(0.8575f) is one ulp from Java's); the verification
     * takes XGBoost's from its margins. Simulated here by moving the compiled base margin an ulp.
     */
    @ParameterizedTest
    @ValueSource(strings = {"binary:logistic", "count:poisson", "reg:tweedie"})
    void takesXGBoostsBaseMarginWhenLogfRoundsToTheOtherNeighbour(String objective)
            throws Exception {
        Booster booster = TrainedModels.train(objective);
        try {
            TreeEnsemble served = served(booster);
            float[] base = served.baseMargins();
            float[] offByOne = {Math.nextUp(base[0])};

            TreeEnsemble corrected = verified(booster, served.withBaseMargins(offByOne));

            assertThat(corrected.baseMargins()).containsExactly(base);
        } finally {
            booster.dispose();
        }
    }

    /** Where the base margin is base_score itself, no libm is involved and nothing is adjusted. */
    @Test
    void refusesTreesWhoseMarginsDifferAnywhereElse() throws Exception {
        Booster booster = TrainedModels.train("reg:squarederror");
        try {
            TreeEnsemble trees = compile(booster);
            TreeEnsemble offByOne =
                    trees.withBaseMargins(new float[] {Math.nextUp(trees.baseMargins()[0])});

            TreeCompilation verification = TreeVerification.verify(offByOne, booster, 4, 1);

            assertThat(verification).isInstanceOf(TreeCompilation.Refused.class);
            assertThat(((TreeCompilation.Refused) verification).reason())
                    .startsWith("the trees disagree with XGBoost4J: probe row ")
                    .contains(" margin 0 is ", " by the trees, ", " by XGBoost4J");
        } finally {
            booster.dispose();
        }
    }

    @Test
    void aRowOfMissingValuesFollowsTheDefaultBranches() throws Exception {
        Booster booster =
                XGBoost.loadModel(
                        Files.readAllBytes(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json")));
        try {
            TreeEnsemble trees = compile(booster);
            float[] allMissing = new float[trees.features()];
            Arrays.fill(allMissing, Float.NaN);

            assertThat(trees.margins(allMissing, 1))
                    .containsExactly(xgboostMargins(booster, allMissing, 1)[0]);
        } finally {
            booster.dispose();
        }
    }

    @Test
    void oneRowVisitsAtMostEachTreesLongestRootToLeafWalk() throws Exception {
        JsonNode trees =
                new ObjectMapper()
                        .readTree(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json").toFile())
                        .at("/learner/gradient_booster/model/trees");
        long longestWalks = 0;
        for (JsonNode tree : trees) {
            longestWalks += longestWalk(tree, 0);
        }

        assertThat(breastCancer().visitsPerRow()).isEqualTo(longestWalks).isEqualTo(172);
    }

    @Test
    void runsInlineWhileTheRowsWalksFitTheBudget() throws Exception {
        TreeEnsemble trees = breastCancer();
        int inlineRows = (int) (TreeEnsemble.INLINE_VISITS / trees.visitsPerRow());

        assertThat(trees.runsInline(1)).isTrue();
        assertThat(trees.runsInline(inlineRows)).isTrue();
        assertThat(trees.runsInline(inlineRows + 1)).isFalse();
        assertThat(trees.runsInline(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void aModelWithoutTreesStillRunsABoundedNumberOfRowsInline() {
        TreeEnsemble empty =
                new TreeEnsemble(
                        TreeObjective.BINARY_LOGISTIC,
                        3,
                        new float[] {0f},
                        new int[0],
                        new int[0],
                        new int[0],
                        new float[0],
                        new int[0],
                        new int[0]);

        assertThat(empty.visitsPerRow()).isEqualTo(1);
        assertThat(empty.runsInline((int) TreeEnsemble.INLINE_VISITS)).isTrue();
        assertThat(empty.runsInline((int) TreeEnsemble.INLINE_VISITS + 1)).isFalse();
    }

    /** Nodes on the longest path from {@code node} down to a leaf, both counted. */
    private static int longestWalk(JsonNode tree, int node) {
        int left = tree.get("left_children").get(node).asInt();
        if (left == -1) {
            return 1;
        }
        int right = tree.get("right_children").get(node).asInt();
        return 1 + Math.max(longestWalk(tree, left), longestWalk(tree, right));
    }

    /** The breast-cancer example's trees, compiled from the JSON XGBoost4J writes for it. */
    static TreeEnsemble breastCancer() throws Exception {
        Booster booster =
                XGBoost.loadModel(
                        Files.readAllBytes(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json")));
        try {
            return compile(booster);
        } finally {
            booster.dispose();
        }
    }

    /** Compares the trees with the booster on {@link #ROWS} rows. */
    static void assertAgrees(Booster booster, TreeEnsemble trees, long seed) throws Exception {
        float[] rows = rowsAroundSplits(trees, ROWS, new SplittableRandom(seed));
        float[][] margins = xgboostMargins(booster, rows, ROWS);
        float[][] predictions = xgboostPredictions(booster, rows, ROWS);

        float[] treeMargins = trees.margins(rows, ROWS);
        float[] treePredictions = trees.predict(rows, ROWS);

        assertThat(predictions[0]).hasSize(trees.width());
        for (int row = 0; row < ROWS; row++) {
            for (int group = 0; group < trees.groups(); group++) {
                float margin = treeMargins[row * trees.groups() + group];
                assertThat(Float.floatToIntBits(margin))
                        .as(
                                "row %d margin %d: %s, XGBoost4J %s",
                                row, group, margin, margins[row][group])
                        .isEqualTo(Float.floatToIntBits(margins[row][group]));
            }
            for (int value = 0; value < trees.width(); value++) {
                float prediction = treePredictions[row * trees.width() + value];
                assertThat(TreeVerification.ulpDistance(prediction, predictions[row][value]))
                        .as(
                                "row %d prediction %d: %s, XGBoost4J %s",
                                row, value, prediction, predictions[row][value])
                        .isLessThanOrEqualTo(trees.objective().ulpTolerance());
            }
        }
    }

    /** The trees as the runtime serves them: compiled, then verified. */
    static TreeEnsemble served(Booster booster) throws Exception {
        return verified(booster, compile(booster));
    }

    /** The trees after {@link TreeVerification}, which must accept them. */
    static TreeEnsemble verified(Booster booster, TreeEnsemble compiled) throws Exception {
        float[] zeros = new float[compiled.features()];
        int width = xgboostPredictions(booster, zeros, 1)[0].length;
        TreeCompilation verification =
                TreeVerification.verify(compiled, booster, (int) booster.getNumFeature(), width);
        assertThat(verification).isInstanceOf(TreeCompilation.Compiled.class);
        return ((TreeCompilation.Compiled) verification).ensemble();
    }

    static TreeEnsemble compile(Booster booster) throws Exception {
        TreeCompilation compilation = TreeEnsemble.compile(booster.toByteArray("json"));
        assertThat(compilation).isInstanceOf(TreeCompilation.Compiled.class);
        return ((TreeCompilation.Compiled) compilation).ensemble();
    }

    /**
     * Rows whose features take, each independently: one of the feature's split conditions, the
     * float below or above it, a value somewhere around the conditions, or NaN (one in six).
     */
    static float[] rowsAroundSplits(TreeEnsemble trees, int rowCount, SplittableRandom random) {
        int features = trees.features();
        List<List<Float>> conditions = new ArrayList<>();
        for (int feature = 0; feature < features; feature++) {
            conditions.add(new ArrayList<>());
        }
        for (int node = 0; node < trees.nodeCount(); node++) {
            if (trees.isSplit(node)) {
                conditions.get(trees.splitFeature(node)).add(trees.splitCondition(node));
            }
        }
        float[] rows = new float[rowCount * features];
        for (int row = 0; row < rowCount; row++) {
            for (int feature = 0; feature < features; feature++) {
                List<Float> near = conditions.get(feature);
                float condition = near.isEmpty() ? 0.0f : near.get(random.nextInt(near.size()));
                rows[row * features + feature] =
                        switch (random.nextInt(6)) {
                            case 0 -> Float.NaN;
                            case 1 -> condition;
                            case 2 -> Math.nextDown(condition);
                            case 3 -> Math.nextUp(condition);
                            default ->
                                    condition * (float) (1 + 0.2 * random.nextGaussian())
                                            + (float) (0.1 * random.nextGaussian());
                        };
            }
        }
        return rows;
    }

    static float[][] xgboostMargins(Booster booster, float[] rows, int rowCount) throws Exception {
        DMatrix matrix = new DMatrix(rows, rowCount, rows.length / rowCount, Float.NaN);
        try {
            return booster.predict(matrix, true, 0);
        } finally {
            matrix.dispose();
        }
    }

    static float[][] xgboostPredictions(Booster booster, float[] rows, int rowCount)
            throws Exception {
        DMatrix matrix = new DMatrix(rows, rowCount, rows.length / rowCount, Float.NaN);
        try {
            return booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }
}
