package dev.slipway.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Outputs written into Slipway's buffers, and the fallback when ONNX Runtime refuses them. */
class PinnedOutputsTest {
    private final OnnxRuntime runtime = new OnnxRuntime();

    @Test
    void batchesOfEverySizeReadBackTheirOwnValues() throws Exception {
        try (Predictor predictor = load("identity_fp32.onnx")) {
            assertThat(((OnnxPredictor) predictor).pinsOutputs()).isTrue();
            // Shrinking and growing batches reuse the thread's buffers: no value may leak across.
            for (int rows : new int[] {3, 1, 5, 1, 200, 2}) {
                float[] values = sequence(rows * 2, rows);
                Tensor y =
                        predictor
                                .predict(
                                        PredictRequest.of(
                                                Tensor.ofFloats("x", new long[] {rows, 2}, values)))
                                .output("y")
                                .orElseThrow();
                assertThat(y.shape()).containsExactly(rows, 2);
                assertThat(y.floats()).containsExactly(values);
            }
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnOutputs() throws Exception {
        try (Predictor predictor = load("identity_int64.onnx")) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int caller = 0; caller < 4; caller++) {
                    long base = caller * 1_000_000L;
                    results.add(
                            threads.submit(
                                    () -> {
                                        for (int call = 0; call < 300; call++) {
                                            int rows = 1 + call % 7;
                                            long[] values =
                                                    IntStream.range(0, rows * 2)
                                                            .mapToLong(i -> base + i)
                                                            .toArray();
                                            long[] answer =
                                                    predictor
                                                            .predict(
                                                                    PredictRequest.of(
                                                                            Tensor.ofLongs(
                                                                                    "x",
                                                                                    new long[] {
                                                                                        rows, 2
                                                                                    },
                                                                                    values)))
                                                            .output("y")
                                                            .orElseThrow()
                                                            .longs();
                                            if (!java.util.Arrays.equals(answer, values)) {
                                                return false;
                                            }
                                        }
                                        return true;
                                    }));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void anOutputWhoseFirstDimensionIsNotTheBatchRunsUnpinned() throws Exception {
        // Declared [batch], computed [batch * 3]: ONNX Runtime refuses the pinned [batch] buffer.
        try (Predictor predictor = load("flatten_mislabelled.onnx")) {
            OnnxPredictor onnx = (OnnxPredictor) predictor;
            assertThat(onnx.pinsOutputs()).isTrue();

            Tensor first = flatten(predictor, 2);
            assertThat(first.shape()).containsExactly(6);
            assertThat(first.floats()).containsExactly(sequence(6, 0));
            assertThat(onnx.pinsOutputs()).isFalse();

            Tensor second = flatten(predictor, 3);
            assertThat(second.shape()).containsExactly(9);
            assertThat(second.floats()).containsExactly(sequence(9, 0));
        }
    }

    @Test
    void aFailingModelKeepsPinningAndStillReportsTheFailure() throws Exception {
        try (Predictor predictor = load("gather.onnx")) {
            OnnxPredictor onnx = (OnnxPredictor) predictor;
            PredictRequest outOfRange =
                    PredictRequest.of(Tensor.ofLongs("index", new long[] {1}, new long[] {7}));
            assertThatThrownBy(() -> predictor.predict(outOfRange))
                    .isInstanceOf(PredictionException.class)
                    .hasMessageStartingWith("ONNX Runtime failed: ");
            // The unpinned run failed as well: the model's fault, not the pinning's.
            assertThat(onnx.pinsOutputs()).isTrue();
            PredictRequest inRange =
                    PredictRequest.of(
                            Tensor.ofLongs("index", new long[] {3}, new long[] {1, 2, 0}));
            assertThat(predictor.predict(inRange).output("value").orElseThrow().floats())
                    .containsExactly(20f, 30f, 10f);
        }
    }

    private Predictor load(String model) throws Exception {
        return runtime.load(TestModels.artifact(model), LoadOptions.defaults());
    }

    private static Tensor flatten(Predictor predictor, int rows) {
        return predictor
                .predict(
                        PredictRequest.of(
                                Tensor.ofFloats("x", new long[] {rows, 3}, sequence(rows * 3, 0))))
                .output("y")
                .orElseThrow();
    }

    private static float[] sequence(int count, int offset) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = offset * 1000 + i;
        }
        return values;
    }
}
