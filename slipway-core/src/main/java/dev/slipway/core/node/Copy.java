package dev.slipway.core.node;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded instance of a model version with its own bounded worker pool (one platform thread per
 * reserved core: native inference must not run on virtual or event-loop threads).
 *
 * <p>Thread-safe. A copy is retired when a new serving set replaces it; it keeps running what it
 * accepted and closes its predictor once the last in-flight request has finished, which is what
 * makes a version swap lose no request.
 */
public final class Copy {
    private static final Logger log = LoggerFactory.getLogger(Copy.class);
    private static final int RETIRED = 1 << 30;

    private final String endpoint;
    private final ModelVersionId version;
    private final Predictor predictor;
    private final ThreadPoolExecutor workers;

    /** In-flight requests, plus the RETIRED bit once retired. */
    private final AtomicInteger users = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    public Copy(
            String endpoint,
            ModelVersionId version,
            Predictor predictor,
            int threads,
            int maxQueue) {
        this.endpoint = endpoint;
        this.version = version;
        this.predictor = predictor;
        this.workers =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        0,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(maxQueue),
                        NativeThreads.named("infer-" + endpoint + "-v" + version.version()));
    }

    public ModelVersionId version() {
        return version;
    }

    public Predictor predictor() {
        return predictor;
    }

    /** Worker threads: one prediction at a time each, one per reserved core. */
    public int workerThreads() {
        return workers.getMaximumPoolSize();
    }

    /** Requests accepted and not finished; a measure of how busy the copy is. */
    public int load() {
        return users.get() & ~RETIRED;
    }

    /**
     * Queues a prediction. Returns null when the copy has been retired meanwhile (the caller picks
     * a copy of the newer serving set).
     *
     * @param deadlineNanos {@link System#nanoTime()} after which the request is dropped unrun
     * @throws SlipwayException QUEUE_FULL when the copy's queue is full
     */
    CompletableFuture<PredictResult> submit(PredictRequest request, long deadlineNanos) {
        if (!tryAcquire()) {
            return null;
        }
        CompletableFuture<PredictResult> result = new CompletableFuture<>();
        try {
            workers.execute(() -> run(request, deadlineNanos, result));
        } catch (RejectedExecutionException e) {
            release();
            throw new SlipwayException(
                    ErrorCode.QUEUE_FULL,
                    "endpoint '" + endpoint + "' is overloaded: its request queue is full");
        }
        return result;
    }

    private void run(
            PredictRequest request, long deadlineNanos, CompletableFuture<PredictResult> result) {
        try {
            if (System.nanoTime() - deadlineNanos > 0) {
                result.completeExceptionally(
                        new SlipwayException(
                                ErrorCode.TIMEOUT,
                                "endpoint '" + endpoint + "': request timed out in the queue"));
                return;
            }
            result.complete(predictor.predict(request));
        } catch (PredictionException e) {
            result.completeExceptionally(
                    new SlipwayException(
                            e.isInvalidInput()
                                    ? ErrorCode.INVALID_INPUT
                                    : ErrorCode.RUNTIME_FAILURE,
                            e.getMessage(),
                            e));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(
                    new SlipwayException(
                            ErrorCode.RUNTIME_FAILURE, "model " + version + " failed: " + e, e));
        } finally {
            release();
        }
    }

    /**
     * Runs work with this copy's predictor outside its queue (e.g. a rollout's golden check),
     * counted as in flight so that a retirement waits for it. Returns null when retired.
     */
    <T> T withPredictor(java.util.function.Function<Predictor, T> work) {
        if (!tryAcquire()) {
            return null;
        }
        try {
            return work.apply(predictor);
        } finally {
            release();
        }
    }

    private boolean tryAcquire() {
        while (true) {
            int current = users.get();
            if ((current & RETIRED) != 0) {
                return false;
            }
            if (users.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private void release() {
        if (users.decrementAndGet() == RETIRED) {
            close();
        }
    }

    /** Stops taking requests; closes once the in-flight ones are done. */
    public void retire() {
        int before = users.getAndUpdate(current -> current | RETIRED);
        if ((before & RETIRED) == 0 && before == 0) {
            close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            workers.shutdown();
            try {
                predictor.close();
            } catch (RuntimeException e) {
                log.warn("closing a copy of {} failed: {}", version, e.toString());
            }
            log.info("unloaded a copy of {} from endpoint '{}'", version, endpoint);
        }
    }
}
