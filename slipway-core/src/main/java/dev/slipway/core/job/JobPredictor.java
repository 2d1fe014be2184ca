package dev.slipway.core.job;

import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;

/**
 * Predictions for one worker of a batch job: its own model copy, or the endpoint's copies. Used by
 * one thread at a time.
 */
public interface JobPredictor extends AutoCloseable {

    /**
     * @throws dev.slipway.core.error.SlipwayException INVALID_INPUT or RUNTIME_FAILURE when the
     *     rows cannot be predicted; QUEUE_FULL, ENDPOINT_NOT_READY or TIMEOUT when an endpoint is
     *     busy; ENDPOINT_NOT_FOUND when it is gone
     */
    PredictResult predict(PredictRequest request);

    @Override
    void close();
}
