package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spi.DataType;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import dev.slipway.spi.testing.GoldenExample;
import dev.slipway.spi.testing.SignatureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XGBoostRuntimeTest {
    static final Path BREAST_CANCER = Path.of("../examples/breast-cancer-xgboost");
    static final Path DIABETES = Path.of("../examples/diabetes-xgboost-ubj");

    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @TempDir Path temp;

    @Test
    void isFoundByServiceLoaderUnderFormatXGBoost() {
        List<String> formats =
                ServiceLoader.load(ModelRuntime.class).stream()
                        .map(provider -> provider.get().format())
                        .toList();

        assertThat(formats).containsExactly("xgboost");
    }

    @Test
    void inspectFindsNoSignatureInAValidModel() throws Exception {
        assertThat(runtime.inspect(artifact(BREAST_CANCER.resolve("model.json")))).isEmpty();
        assertThat(runtime.inspect(artifact(DIABETES.resolve("model.ubj")))).isEmpty();
    }

    @Test
    void jsonModelPredictsTheGoldenOutputsUnderItsDeclaredSignature() throws Exception {
        assertGoldenOutputs(BREAST_CANCER, "model.json");
    }

    @Test
    void ubjsonModelPredictsTheGoldenOutputsUnderItsDeclaredSignature() throws Exception {
        assertGoldenOutputs(DIABETES, "model.ubj");
    }

    @Test
    void derivesADefaultSignatureWhenNoneIsDeclared() throws Exception {
        List<GoldenExample> examples = GoldenExample.read(BREAST_CANCER.resolve("golden.jsonl"));

        try (Predictor predictor =
                runtime.load(
                        artifact(BREAST_CANCER.resolve("model.json")), LoadOptions.defaults())) {
            assertThat(predictor.signature())
                    .isEqualTo(
                            new Signature(
                                    List.of(
                                            new TensorSpec(
                                                    "input", DataType.FP32, new long[] {-1, 30})),
                                    List.of(
                                            new TensorSpec(
                                                    "prediction",
                                                    DataType.FP32,
                                                    new long[] {-1}))));
            for (GoldenExample example : examples) {
                PredictResult result = predictor.predict(example.request());
                example.assertMatches(
                        PredictResult.of(result.outputs().get(0).withName("probability")));
            }
        }
    }

    @Test
    void acceptsFp64InputsUnderADeclaredFp64Signature() throws Exception {
        Signature declared =
                new Signature(
                        List.of(new TensorSpec("input", DataType.FP64, new long[] {-1, 10})),
                        List.of(new TensorSpec("prediction", DataType.FP32, new long[] {-1})));
        GoldenExample example = GoldenExample.read(DIABETES.resolve("golden.jsonl")).get(1);
        Tensor floats = example.request().inputs().get(0);
        double[] doubles = new double[floats.elementCount()];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = floats.floats()[i];
        }

        try (Predictor predictor =
                runtime.load(
                        artifact(DIABETES.resolve("model.ubj")),
                        LoadOptions.defaults().withSignature(declared))) {
            example.assertMatches(
                    predictor.predict(
                            PredictRequest.of(Tensor.ofDoubles("input", floats.shape(), doubles))));
        }
    }

    @Test
    void concurrentPredictsFromEightThreadsGetTheirOwnAnswers() throws Exception {
        List<GoldenExample> examples = GoldenExample.read(BREAST_CANCER.resolve("golden.jsonl"));
        Signature declared = SignatureFile.read(BREAST_CANCER.resolve("signature.yaml"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Predictor predictor =
                runtime.load(
                        artifact(BREAST_CANCER.resolve("model.json")),
                        LoadOptions.defaults().withSignature(declared).withThreads(2))) {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                calls.add(
                        () -> {
                            for (int round = 0; round < 50; round++) {
                                for (GoldenExample example : examples) {
                                    example.assertMatches(predictor.predict(example.request()));
                                }
                            }
                            return null;
                        });
            }
            for (Future<Void> future : pool.invokeAll(calls)) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void treatsNaNAsMissingAndRejectsInfinity() throws Exception {
        float[] row = new float[10];
        Arrays.fill(row, Float.NaN);
        float[] infinite = new float[10];
        infinite[3] = Float.POSITIVE_INFINITY;

        try (Predictor predictor =
                runtime.load(artifact(DIABETES.resolve("model.ubj")), LoadOptions.defaults())) {
            float[] prediction =
                    predictor
                            .predict(
                                    PredictRequest.of(
                                            Tensor.ofFloats("input", new long[] {1, 10}, row)))
                            .outputs()
                            .get(0)
                            .floats();

            assertThat(predictor.acceptsNaN()).isTrue();
            assertThat(prediction).hasSize(1);
            assertThat(prediction[0]).isFinite();
            assertThatThrownBy(
                            () ->
                                    predictor.predict(
                                            PredictRequest.of(
                                                    Tensor.ofFloats(
                                                            "input",
                                                            new long[] {1, 10},
                                                            infinite))))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("row 0 feature 3 is Infinity");
        }
    }

    @Test
    void rejectsInputsThatDoNotFitTheSignatureAsInvalidInput() throws Exception {
        try (Predictor predictor =
                runtime.load(artifact(DIABETES.resolve("model.ubj")), LoadOptions.defaults())) {
            assertInvalidInput(
                    predictor,
                    PredictRequest.of(Tensor.ofFloats("input", new long[] {1, 9}, new float[9])),
                    "input 'input' has shape [1, 9], the model accepts [-1, 10]");
            assertInvalidInput(
                    predictor,
                    PredictRequest.of(
                            Tensor.ofDoubles("input", new long[] {1, 10}, new double[10])),
                    "input 'input' must be FP32, got FP64");
            assertInvalidInput(
                    predictor,
                    PredictRequest.of(Tensor.ofFloats("rows", new long[] {1, 10}, new float[10])),
                    "missing input 'input'");
            assertInvalidInput(
                    predictor,
                    new PredictRequest(
                            List.of(Tensor.ofFloats("input", new long[] {1, 10}, new float[10])),
                            Set.of("margin"),
                            Map.of()),
                    "unknown output 'margin'");
        }
    }

    @Test
    void anEmptyBatchGivesAnEmptyResult() throws Exception {
        try (Predictor predictor =
                runtime.load(artifact(DIABETES.resolve("model.ubj")), LoadOptions.defaults())) {
            PredictResult result =
                    predictor.predict(
                            PredictRequest.of(
                                    Tensor.ofFloats("input", new long[] {0, 10}, new float[0])));

            assertThat(result.outputs())
                    .containsExactly(Tensor.ofFloats("prediction", new long[] {0}, new float[0]));
        }
    }

    @Test
    void rejectsADeclaredSignatureWithTheWrongFeatureCountNamingBothCounts() throws Exception {
        Signature declared = SignatureFile.read(BREAST_CANCER.resolve("signature.yaml"));

        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        artifact(DIABETES.resolve("model.ubj")),
                                        LoadOptions.defaults().withSignature(declared)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("signature declares 30 features, model has 10");
    }

    @Test
    void rejectsDeclaredSignaturesAnXGBoostModelCannotServe() {
        TensorSpec rows = new TensorSpec("input", DataType.FP32, new long[] {-1, 10});
        TensorSpec prediction = new TensorSpec("prediction", DataType.FP32, new long[] {-1});

        assertRejected(
                new Signature(
                        List.of(rows, new TensorSpec("extra", DataType.FP32, new long[] {-1, 1})),
                        List.of(prediction)),
                "takes exactly one input");
        assertRejected(
                new Signature(
                        List.of(new TensorSpec("input", DataType.INT32, new long[] {-1, 10})),
                        List.of(prediction)),
                "input 'input' must be FP32 or FP64, is INT32");
        assertRejected(
                new Signature(
                        List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, -1})),
                        List.of(prediction)),
                "input 'input' must have shape [-1, 10]");
        assertRejected(
                new Signature(
                        List.of(rows),
                        List.of(new TensorSpec("prediction", DataType.FP64, new long[] {-1}))),
                "output 'prediction' must be FP32, is FP64");
        assertRejected(
                new Signature(
                        List.of(rows),
                        List.of(new TensorSpec("prediction", DataType.FP32, new long[] {-1, 2}))),
                "signature declares 2 values per row for output 'prediction', model predicts 1");
    }

    private void assertRejected(Signature declared, String message) {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        artifact(DIABETES.resolve("model.ubj")),
                                        LoadOptions.defaults().withSignature(declared)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("the declared signature does not fit the XGBoost model: ")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsCorruptEmptyAndTruncatedFiles() throws Exception {
        byte[] ubj = Files.readAllBytes(DIABETES.resolve("model.ubj"));
        Path corrupt = Files.write(temp.resolve("corrupt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path empty = Files.write(temp.resolve("empty"), new byte[0]);
        Path truncated = Files.write(temp.resolve("truncated"), Arrays.copyOf(ubj, ubj.length / 2));
        Path badBinary =
                Files.write(temp.resolve("bad-binary"), "binf and then nothing useful".getBytes());

        for (Path file : List.of(corrupt, empty, truncated, badBinary)) {
            assertThatThrownBy(() -> runtime.load(artifact(file), LoadOptions.defaults()))
                    .as(file.getFileName().toString())
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("not a valid XGBoost model: ")
                    .hasMessageNotContaining("Stack trace");
            assertThatThrownBy(() -> runtime.inspect(artifact(file)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("not a valid XGBoost model: ");
        }
    }

    @Test
    void rejectsAnOnnxModel() throws Exception {
        Path onnx =
                Files.copy(Path.of("../examples/wine-mlp-onnx/model.onnx"), temp.resolve("9b1e"));

        assertThatThrownBy(() -> runtime.load(artifact(onnx), LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(
                        "not a valid XGBoost model: the file starts with bytes 08 07");
    }

    private void assertGoldenOutputs(Path example, String modelFile) throws Exception {
        Signature declared = SignatureFile.read(example.resolve("signature.yaml"));
        List<GoldenExample> examples = GoldenExample.read(example.resolve("golden.jsonl"));
        assertThat(examples).isNotEmpty();

        try (Predictor predictor =
                runtime.load(
                        artifact(example.resolve(modelFile)),
                        LoadOptions.defaults().withSignature(declared))) {
            assertThat(predictor.signature()).isEqualTo(declared);
            for (GoldenExample golden : examples) {
                golden.assertMatches(predictor.predict(golden.request()));
            }
        }
    }

    private static void assertInvalidInput(
            Predictor predictor, PredictRequest request, String message) {
        assertThatThrownBy(() -> predictor.predict(request))
                .isInstanceOfSatisfying(
                        PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                .hasMessageContaining(message);
    }

    static ModelArtifact artifact(Path path) {
        return new ModelArtifact(path, "xgboost", "0".repeat(64));
    }
}
