package dev.slipway.runtime.onnx;

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

class OnnxRuntimeTest {
    private static final Path WINE = Path.of("../examples/wine-mlp-onnx");
    private static final Path BREAST_CANCER_XGBOOST =
            Path.of("../examples/breast-cancer-xgboost/model.json");

    private final OnnxRuntime runtime = new OnnxRuntime();

    @TempDir Path temp;

    @Test
    void isFoundByServiceLoaderUnderFormatOnnx() {
        List<String> formats =
                ServiceLoader.load(ModelRuntime.class).stream()
                        .map(provider -> provider.get().format())
                        .toList();

        assertThat(formats).containsExactly("onnx");
    }

    @Test
    void inspectReadsTheSignatureThatSignatureYamlDeclares() throws Exception {
        Signature signature = runtime.inspect(wine()).orElseThrow();

        assertThat(signature).isEqualTo(SignatureFile.read(WINE.resolve("signature.yaml")));
        assertThat(signature.inputs())
                .containsExactly(new TensorSpec("input", DataType.FP32, new long[] {-1, 13}));
    }

    @Test
    void predictsTheGoldenOutputsOfTheTrainingLibrary() throws Exception {
        List<GoldenExample> examples = GoldenExample.read(WINE.resolve("golden.jsonl"));
        assertThat(examples).hasSize(3);

        try (Predictor predictor = runtime.load(wine(), LoadOptions.defaults())) {
            for (GoldenExample example : examples) {
                example.assertMatches(predictor.predict(example.request()));
            }
        }
    }

    @Test
    void predictorSignatureIsTheArtifactsEvenWhenOneIsDeclared() throws Exception {
        Signature declared = SignatureFile.read(WINE.resolve("signature.yaml"));

        try (Predictor predictor =
                runtime.load(
                        wine(), LoadOptions.defaults().withSignature(declared).withThreads(2))) {
            assertThat(predictor.signature()).isEqualTo(runtime.inspect(wine()).orElseThrow());
        }
    }

    @Test
    void runsOnlyTheRequestedOutputs() throws Exception {
        GoldenExample labelOnly = GoldenExample.read(WINE.resolve("golden.jsonl")).get(2);
        assertThat(labelOnly.expected()).extracting(Tensor::name).containsExactly("label");
        List<Tensor> inputs = labelOnly.request().inputs();

        try (Predictor predictor = runtime.load(wine(), LoadOptions.defaults())) {
            PredictResult labels =
                    predictor.predict(new PredictRequest(inputs, Set.of("label"), Map.of()));
            PredictResult probabilities =
                    predictor.predict(
                            new PredictRequest(inputs, Set.of("probabilities"), Map.of()));

            assertThat(labels.outputs()).extracting(Tensor::name).containsExactly("label");
            labelOnly.assertMatches(labels);
            assertThat(probabilities.outputs())
                    .extracting(Tensor::name)
                    .containsExactly("probabilities");
            assertThat(probabilities.outputs().get(0).shape()).containsExactly(4, 3);
        }
    }

    @Test
    void rejectsAnUnknownRequestedOutputAsInvalidInput() throws Exception {
        GoldenExample example = GoldenExample.read(WINE.resolve("golden.jsonl")).get(0);
        PredictRequest request =
                new PredictRequest(example.request().inputs(), Set.of("logits"), Map.of());

        try (Predictor predictor = runtime.load(wine(), LoadOptions.defaults())) {
            assertThatThrownBy(() -> predictor.predict(request))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("unknown output 'logits'");
        }
    }

    @Test
    void rejectsInputsThatDoNotFitTheSignatureAsInvalidInput() throws Exception {
        try (Predictor predictor = runtime.load(wine(), LoadOptions.defaults())) {
            PredictRequest missing =
                    PredictRequest.of(
                            Tensor.ofFloats("features", new long[] {1, 13}, new float[13]));
            PredictRequest wrongType =
                    PredictRequest.of(
                            Tensor.ofDoubles("input", new long[] {1, 13}, new double[13]));
            PredictRequest wrongShape =
                    PredictRequest.of(Tensor.ofFloats("input", new long[] {1, 12}, new float[12]));

            assertThatThrownBy(() -> predictor.predict(missing))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("'features'");
            assertThatThrownBy(() -> predictor.predict(wrongType))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("input 'input' must be FP32, got FP64");
            assertThatThrownBy(() -> predictor.predict(wrongShape))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining(
                            "input 'input' has shape [1, 12], the model accepts [-1, 13]");
        }
    }

    @Test
    void concurrentPredictsFromEightThreadsGetTheirOwnAnswers() throws Exception {
        List<GoldenExample> examples = GoldenExample.read(WINE.resolve("golden.jsonl"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Predictor predictor = runtime.load(wine(), LoadOptions.defaults().withThreads(2))) {
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
    void rejectsCorruptBytes() throws Exception {
        Path corrupt = Files.write(temp.resolve("corrupt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThatThrownBy(() -> runtime.inspect(artifact(corrupt)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a valid ONNX model: ");
        assertThatThrownBy(() -> runtime.load(artifact(corrupt), LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a valid ONNX model: ");
    }

    @Test
    void rejectsATruncatedOnnxFile() throws Exception {
        byte[] model = Files.readAllBytes(WINE.resolve("model.onnx"));
        Path truncated =
                Files.write(temp.resolve("truncated"), Arrays.copyOf(model, model.length / 2));

        assertThatThrownBy(() -> runtime.load(artifact(truncated), LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a valid ONNX model: ");
    }

    @Test
    void rejectsAnXGBoostModel() throws Exception {
        Path xgboost = Files.copy(BREAST_CANCER_XGBOOST, temp.resolve("3f2a9c"));

        assertThatThrownBy(() -> runtime.load(artifact(xgboost), LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a valid ONNX model: ");
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> runtime.inspect(artifact(temp.resolve("absent"))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void acceptsADeclaredSignatureThatFixesAVariableDimension() throws Exception {
        Signature declared =
                new Signature(
                        List.of(new TensorSpec("input", DataType.FP32, new long[] {8, 13})),
                        List.of(
                                new TensorSpec("label", DataType.INT64, new long[] {8}),
                                new TensorSpec(
                                        "probabilities", DataType.FP32, new long[] {-1, 3})));

        try (Predictor predictor =
                runtime.load(wine(), LoadOptions.defaults().withSignature(declared))) {
            assertThat(predictor.signature().inputs().get(0).shape()).containsExactly(-1, 13);
        }
    }

    @Test
    void rejectsADeclaredSignatureThatDisagreesAndNamesEveryDifference() {
        Signature declared =
                new Signature(
                        List.of(new TensorSpec("input", DataType.FP64, new long[] {-1, 12})),
                        List.of(
                                new TensorSpec("label", DataType.INT64, new long[] {-1, 1}),
                                new TensorSpec("score", DataType.FP32, new long[] {-1})));

        assertThatThrownBy(
                        () -> runtime.load(wine(), LoadOptions.defaults().withSignature(declared)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("the declared signature does not match the ONNX model: ")
                .hasMessageContaining("input 'input' is declared FP64 but the model has FP32")
                .hasMessageContaining(
                        "input 'input' is declared with shape [-1, 12] but the model has [-1, 13]")
                .hasMessageContaining("output 'label' is declared with shape [-1, 1] (rank 2)")
                .hasMessageContaining("output 'score' is declared but the model has no such output")
                .hasMessageContaining(
                        "the model's output 'probabilities' (FP32 [-1, 3]) is not declared");
    }

    @Test
    void rejectsAModelWithASequenceOutput() throws Exception {
        ModelArtifact sequence = TestModels.artifact("sequence_output.onnx");

        assertThatThrownBy(() -> runtime.inspect(sequence))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("output 'items' is a sequence")
                .hasMessageContaining("not a tensor");
        assertThatThrownBy(() -> runtime.load(sequence, LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("output 'items' is a sequence");
    }

    @Test
    void reportsAnOnnxRuntimeErrorOnBadValuesAsAFailure() throws Exception {
        try (Predictor predictor =
                runtime.load(TestModels.artifact("gather.onnx"), LoadOptions.defaults())) {
            PredictRequest inRange =
                    PredictRequest.of(Tensor.ofLongs("index", new long[] {2}, new long[] {2, 0}));
            PredictRequest outOfRange =
                    PredictRequest.of(Tensor.ofLongs("index", new long[] {1}, new long[] {7}));

            assertThat(predictor.predict(inRange).output("value").orElseThrow().floats())
                    .containsExactly(30f, 10f);
            assertThatThrownBy(() -> predictor.predict(outOfRange))
                    .isInstanceOfSatisfying(
                            PredictionException.class,
                            e -> assertThat(e.isInvalidInput()).isFalse())
                    .hasMessageStartingWith("ONNX Runtime failed: ");
        }
    }

    private static ModelArtifact wine() {
        return artifact(WINE.resolve("model.onnx"));
    }

    private static ModelArtifact artifact(Path path) {
        return new ModelArtifact(path, "onnx", "0".repeat(64));
    }
}
