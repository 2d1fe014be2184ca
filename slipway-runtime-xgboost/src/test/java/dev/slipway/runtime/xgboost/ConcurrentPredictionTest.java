package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Eight threads predicting on one loaded copy, each its own batches, get the answers the copy gives
 * one caller at a time, with either evaluator.
 */
class ConcurrentPredictionTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 200;

    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @ParameterizedTest
    @ValueSource(strings = {"trees", "xgboost4j"})
    void eachThreadGetsItsOwnAnswers(String predictorName) throws Exception {
        TreeEnsemble ensemble = TreeEnsembleTest.breastCancer();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Predictor predictor =
                runtime.load(
                        XGBoostRuntimeTest.artifact(
                                XGBoostRuntimeTest.BREAST_CANCER.resolve("model.json")),
                        PredictorChoiceTest.withPredictor(predictorName))) {
            assertThat(PredictorChoiceTest.kind(predictor).parameterValue())
                    .isEqualTo(predictorName);
            List<PredictRequest> requests = new ArrayList<>();
            List<float[]> answers = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(3);
            for (int thread = 0; thread < THREADS; thread++) {
                int rows = 1 + thread * 3;
                float[] features = TreeEnsembleTest.rowsAroundSplits(ensemble, rows, random);
                PredictRequest request =
                        PredictRequest.of(
                                Tensor.ofFloats("input", new long[] {rows, 30}, features));
                requests.add(request);
                answers.add(predictor.predict(request).outputs().get(0).floats());
            }

            List<Callable<Void>> calls = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                PredictRequest request = requests.get(thread);
                float[] answer = answers.get(thread);
                calls.add(
                        () -> {
                            for (int round = 0; round < ROUNDS; round++) {
                                assertThat(predictor.predict(request).outputs().get(0).floats())
                                        .containsExactly(answer);
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
}
