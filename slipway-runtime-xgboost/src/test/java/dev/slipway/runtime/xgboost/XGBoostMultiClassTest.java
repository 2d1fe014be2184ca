package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.slipway.spi.DataType;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi:softprob model predicts one probability per class: several values per row. */
class XGBoostMultiClassTest {
    private static final int ROWS = 30;
    private static final float[] FEATURES = features();

    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @TempDir Path temp;

    private ModelArtifact artifact;
    private float[] expected;

    /** Trains three well-separated classes on two features with XGBoost4J itself. */
    @BeforeEach
    void trainModel() throws Exception {
        float[] labels = new float[ROWS];
        for (int row = 0; row < ROWS; row++) {
            labels[row] = row % 3;
        }
        DMatrix train = new DMatrix(FEATURES, ROWS, 2, Float.NaN);
        train.setLabel(labels);
        Map<String, Object> params =
                Map.of(
                        "objective",
                        "multi:softprob",
                        "num_class",
                        3,
                        "max_depth",
                        2,
                        "nthread",
                        1,
                        "seed",
                        0);
        Booster booster = XGBoost.train(train, params, 5, Map.of(), null, null);
        DMatrix all = new DMatrix(FEATURES, ROWS, 2, Float.NaN);
        float[][] predictions = booster.predict(all);
        expected = new float[ROWS * 3];
        for (int row = 0; row < ROWS; row++) {
            System.arraycopy(predictions[row], 0, expected, row * 3, 3);
        }
        Path model = Files.write(temp.resolve("7e57"), booster.toByteArray("json"));
        artifact = XGBoostRuntimeTest.artifact(model);
        all.dispose();
        train.dispose();
        booster.dispose();
    }

    @Test
    void defaultSignatureHasOneValuePerClass() throws Exception {
        try (Predictor predictor = runtime.load(artifact, LoadOptions.defaults())) {
            assertThat(PredictorChoiceTest.kind(predictor)).isEqualTo(PredictorKind.TREES);
            assertThat(predictor.signature().outputs())
                    .containsExactly(
                            new TensorSpec("prediction", DataType.FP32, new long[] {-1, 3}));

            Tensor output =
                    predictor
                            .predict(
                                    PredictRequest.of(
                                            Tensor.ofFloats(
                                                    "input", new long[] {ROWS, 2}, FEATURES)))
                            .outputs()
                            .get(0);

            assertThat(output.shape()).containsExactly(ROWS, 3);
            assertThat(output.floats()).containsExactly(expected);
            assertThat(output.floats()[0] + output.floats()[1] + output.floats()[2])
                    .isCloseTo(1f, offset(1e-5f));
        }
    }

    @Test
    void acceptsADeclaredOutputOfTheClassCount() throws Exception {
        Signature declared = signatureWithOutputShape(-1, 3);

        try (Predictor predictor =
                runtime.load(artifact, LoadOptions.defaults().withSignature(declared))) {
            assertThat(predictor.signature()).isEqualTo(declared);
        }
    }

    @Test
    void rejectsADeclaredOutputOfOneValuePerRow() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        artifact,
                                        LoadOptions.defaults()
                                                .withSignature(signatureWithOutputShape(-1))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the model predicts 3 values per row; declare [-1, 3]");
    }

    private static Signature signatureWithOutputShape(long... shape) {
        return new Signature(
                List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 2})),
                List.of(new TensorSpec("class_probabilities", DataType.FP32, shape)));
    }

    /** Row r sits near (class, class) with a little jitter, class = r % 3. */
    private static float[] features() {
        float[] features = new float[ROWS * 2];
        for (int row = 0; row < ROWS; row++) {
            int label = row % 3;
            features[row * 2] = label * 10 + (row % 5) * 0.1f;
            features[row * 2 + 1] = label * 10 - (row % 7) * 0.1f;
        }
        return features;
    }
}
