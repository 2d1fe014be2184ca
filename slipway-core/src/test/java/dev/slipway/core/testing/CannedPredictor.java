package dev.slipway.core.testing;

import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.util.List;

/**
 * Answers every request with the same outputs, or fails every one; remembers the last request. For
 * tests of code that only calls {@link #predict}. Not thread-safe.
 */
public final class CannedPredictor implements Predictor {
    private final List<Tensor> outputs;
    private final String failure;
    private PredictRequest lastRequest;

    private CannedPredictor(List<Tensor> outputs, String failure) {
        this.outputs = outputs;
        this.failure = failure;
    }

    public static CannedPredictor answering(Tensor... outputs) {
        return new CannedPredictor(List.of(outputs), null);
    }

    public static CannedPredictor failing(String message) {
        return new CannedPredictor(List.of(), message);
    }

    @Override
    public Signature signature() {
        return SampleModel.SIGNATURE;
    }

    @Override
    public PredictResult predict(PredictRequest request) {
        lastRequest = request;
        if (failure != null) {
            throw PredictionException.failure(failure, null);
        }
        return new PredictResult(outputs);
    }

    public PredictRequest lastRequest() {
        return lastRequest;
    }

    @Override
    public void close() {}
}
