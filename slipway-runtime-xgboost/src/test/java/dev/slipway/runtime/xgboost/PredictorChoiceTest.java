package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.testing.GoldenExample;
import dev.slipway.spi.testing.SignatureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which evaluator serves a load: the Java trees when they verify against XGBoost4J, XGBoost4J for
 * the models they do not reproduce, and what the load parameter {@code predictor} changes.
 */
class PredictorChoiceTest {
    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @TempDir Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"breast-cancer-xgboost/model.json", "diabetes-xgboost-ubj/model.ubj"})
    void theExamplesAreServedByTheTreesAndPredictTheirGoldenOutputs(String model) throws Exception {
        Path example = Path.of("../examples").resolve(model).getParent();
        Signature declared = SignatureFile.read(example.resolve("signature.yaml"));

        try (Predictor predictor =
                runtime.load(
                        XGBoostRuntimeTest.artifact(Path.of("../examples").resolve(model)),
                        LoadOptions.defaults().withSignature(declared))) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.TREES);
            for (GoldenExample golden : GoldenExample.read(example.resolve("golden.jsonl"))) {
                golden.assertMatches(predictor.predict(golden.request()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "binary-logistic",
                "multi-softprob",
                "reg-squarederror",
                "count-poisson",
                "missing-values"
            })
    void legacyBinaryModelsAreServedByTheTreesAndPredictWhatXGBoost17Did(String name)
            throws Exception {
        LegacyFixture fixture = LegacyFixture.named(name);
        Path artifact = Files.write(temp.resolve("1e6a"), fixture.binary());

        try (Predictor predictor =
                runtime.load(XGBoostRuntimeTest.artifact(artifact), LoadOptions.defaults())) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.TREES);
            assertPredicts(predictor, fixture.rows(), fixture.predictions());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dart", "gblinear", "categorical"})
    void modelsTheTreesDoNotReproduceAreServedByXGBoost4J(String name) throws Exception {
        Unsupported model = Unsupported.named(name, temp);

        try (Predictor predictor = runtime.load(model.artifact(), LoadOptions.defaults())) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.XGBOOST4J);
            assertPredicts(predictor, model.rows(), model.predictions());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dart", "gblinear", "categorical"})
    void predictorTreesFailsTheLoadOfAModelTheTreesDoNotReproduceNamingWhy(String name)
            throws Exception {
        Unsupported model = Unsupported.named(name, temp);
        String reason =
                switch (name) {
                    case "dart" -> "booster dart (dropout weights scale its trees)";
                    case "gblinear" -> "booster gblinear (a linear model, not trees)";
                    default -> "categorical features";
                };

        assertThatThrownBy(() -> runtime.load(model.artifact(), withPredictor("trees")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("predictor=trees cannot serve this XGBoost model: " + reason);
    }

    @Test
    void aTreesEvaluatorThatFailsLeavesTheModelToXGBoost4J() throws Exception {
        XGBoostRuntime failing = new XGBoostRuntime(json -> failingEvaluator());
        List<GoldenExample> examples =
                GoldenExample.read(XGBoostRuntimeTest.BREAST_CANCER.resolve("golden.jsonl"));
        Signature declared =
                SignatureFile.read(XGBoostRuntimeTest.BREAST_CANCER.resolve("signature.yaml"));

        try (Predictor predictor =
                failing.load(breastCancer(), LoadOptions.defaults().withSignature(declared))) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.XGBOOST4J);
            for (GoldenExample example : examples) {
                example.assertMatches(predictor.predict(example.request()));
            }
        }
    }

    @Test
    void predictorTreesFailsTheLoadWhenTheTreesEvaluatorFails() {
        XGBoostRuntime failing = new XGBoostRuntime(json -> failingEvaluator());

        assertThatThrownBy(() -> failing.load(breastCancer(), withPredictor("trees")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "predictor=trees cannot serve this XGBoost model: the trees evaluator"
                                + " failed: java.lang.IllegalStateException: a defect");
    }

    private static TreeCompilation failingEvaluator() {
        throw new IllegalStateException("a defect");
    }

    @Test
    void predictorTreesServesAModelTheTreesReproduce() throws Exception {
        try (Predictor predictor = runtime.load(breastCancer(), withPredictor("trees"))) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.TREES);
        }
    }

    @Test
    void predictorXgboost4jServesWithXGBoost4JEvenWhenTheTreesWould() throws Exception {
        List<GoldenExample> examples =
                GoldenExample.read(XGBoostRuntimeTest.BREAST_CANCER.resolve("golden.jsonl"));
        Signature declared =
                SignatureFile.read(XGBoostRuntimeTest.BREAST_CANCER.resolve("signature.yaml"));

        try (Predictor predictor =
                runtime.load(
                        breastCancer(),
                        new LoadOptions(
                                1, Optional.of(declared), Map.of("predictor", "xgboost4j")))) {
            assertThat(kind(predictor)).isEqualTo(PredictorKind.XGBOOST4J);
            for (GoldenExample example : examples) {
                example.assertMatches(predictor.predict(example.request()));
            }
        }
    }

    @Test
    void theTreesRunSmallRequestsInlineAndXGBoost4JNeverDoes() throws Exception {
        try (Predictor trees = runtime.load(breastCancer(), withPredictor("trees"));
                Predictor xgboost4j = runtime.load(breastCancer(), withPredictor("xgboost4j"))) {
            assertThat(trees.runsInline(1)).isTrue();
            assertThat(trees.runsInline(10_000)).isFalse();
            assertThat(xgboost4j.runsInline(1)).isFalse();
        }
    }

    @Test
    void anUnknownPredictorFailsTheLoad() {
        assertThatThrownBy(() -> runtime.load(breastCancer(), withPredictor("gpu")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(
                        "unknown XGBoost parameter predictor=gpu (use trees or xgboost4j, or"
                                + " leave it out)");
    }

    /** The two evaluators through the whole runtime, on the same rows in batches of 1 to 40. */
    @Test
    void treesAndXGBoost4JServeTheSameValues() throws Exception {
        try (Predictor trees = runtime.load(breastCancer(), withPredictor("trees"));
                Predictor xgboost4j = runtime.load(breastCancer(), withPredictor("xgboost4j"))) {
            TreeEnsemble ensemble = TreeEnsembleTest.breastCancer();
            SplittableRandom random = new SplittableRandom(11);
            for (int batch = 1; batch <= 40; batch++) {
                float[] rows = TreeEnsembleTest.rowsAroundSplits(ensemble, batch, random);
                PredictRequest request =
                        PredictRequest.of(Tensor.ofFloats("input", new long[] {batch, 30}, rows));

                float[] fromTrees = trees.predict(request).outputs().get(0).floats();
                float[] fromXGBoost4J = xgboost4j.predict(request).outputs().get(0).floats();

                assertThat(fromTrees).hasSameSizeAs(fromXGBoost4J);
                for (int i = 0; i < fromTrees.length; i++) {
                    assertThat(TreeVerification.ulpDistance(fromTrees[i], fromXGBoost4J[i]))
                            .as(
                                    "batch %d value %d: %s and %s",
                                    batch, i, fromTrees[i], fromXGBoost4J[i])
                            .isLessThanOrEqualTo(TreeObjective.BINARY_LOGISTIC.ulpTolerance());
                }
            }
        }
    }

    private static void assertPredicts(Predictor predictor, float[][] rows, float[][] expected) {
        int features = rows[0].length;
        float[] flat = new float[rows.length * features];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, flat, row * features, features);
        }
        float[] predictions =
                predictor
                        .predict(
                                PredictRequest.of(
                                        Tensor.ofFloats(
                                                "input", new long[] {rows.length, features}, flat)))
                        .outputs()
                        .get(0)
                        .floats();
        int width = expected[0].length;
        assertThat(predictions).hasSize(rows.length * width);
        for (int row = 0; row < rows.length; row++) {
            for (int value = 0; value < width; value++) {
                assertThat(predictions[row * width + value])
                        .as("row %d value %d", row, value)
                        .isCloseTo(expected[row][value], within(1e-5f));
            }
        }
    }

    static PredictorKind kind(Predictor predictor) {
        return ((XGBoostPredictor) predictor).predictorKind();
    }

    static LoadOptions withPredictor(String predictor) {
        return new LoadOptions(1, Optional.empty(), Map.of("predictor", predictor));
    }

    private static ModelArtifact breastCancer() {
        return XGBoostRuntimeTest.artifact(XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json"));
    }

    /** A model the trees refuse, with rows and XGBoost 1.7's predictions for them. */
    private record Unsupported(ModelArtifact artifact, float[][] rows, float[][] predictions) {
        static Unsupported named(String name, Path temp) throws Exception {
            if (!name.equals("categorical")) {
                LegacyFixture fixture = LegacyFixture.named(name);
                Path file = Files.write(temp.resolve(name), fixture.binary());
                return new Unsupported(
                        XGBoostRuntimeTest.artifact(file), fixture.rows(), fixture.predictions());
            }
            Path directory = Path.of(PredictorChoiceTest.class.getResource("/unsupported").toURI());
            JsonNode golden =
                    new ObjectMapper()
                            .readTree(directory.resolve("categorical.golden.json").toFile());
            return new Unsupported(
                    XGBoostRuntimeTest.artifact(directory.resolve("categorical.json")),
                    matrix(golden.get("rows")),
                    matrix(golden.get("predictions")));
        }

        /** JSON null stands for NaN. */
        private static float[][] matrix(JsonNode array) {
            float[][] matrix = new float[array.size()][];
            for (int row = 0; row < array.size(); row++) {
                matrix[row] = new float[array.get(row).size()];
                for (int column = 0; column < matrix[row].length; column++) {
                    JsonNode value = array.get(row).get(column);
                    matrix[row][column] = value.isNull() ? Float.NaN : value.floatValue();
                }
            }
            return matrix;
        }
    }
}
