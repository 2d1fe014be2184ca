package dev.slipway.core.node;

import dev.slipway.core.endpoint.Batching;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import java.util.concurrent.CompletableFuture;

/**
 * A request a {@link Copy} accepted, with what it was admitted under, until it is answered.
 *
 * @param rows its rows along the batch dimension, or -1 when it has none
 * @param deadlineNanos {@link System#nanoTime()} after which it is dropped unrun
 * @param enqueuedNanos when it was accepted, for the queue-wait metric
 */
record Pending(
        PredictRequest request,
        int rows,
        long deadlineNanos,
        long enqueuedNanos,
        Batching batching,
        CompletableFuture<PredictResult> result) {}
