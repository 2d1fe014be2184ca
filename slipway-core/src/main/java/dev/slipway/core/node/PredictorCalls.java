package dev.slipway.core.node;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Copy}'s calls of its predictor: runs the requests it accepted, alone or merged into one
 * call, answers each caller, and keeps count of how quick the calls are. Whatever thread runs a
 * batch (a worker, or an event loop for inline and gathered calls) runs it here. Thread-safe.
 */
final class PredictorCalls {
    /**
     * The longest a runtime call may take and still count as quick: what an event loop may be held
     * for without its other connections noticing (their p99 is on a millisecond scale).
     */
    static final long QUICK_CALL_NANOS = 100_000;

    /** The runtime calls that trust in quick calls looks back on: the bits of a long. */
    static final int RECENT_CALLS = Long.SIZE;

    /**
     * Slow calls among the last {@link #RECENT_CALLS} that withdraw the trust (ADR 16). The host's
     * hiccups (a GC pause, a descheduled thread, a stolen virtual CPU) make a fraction of a percent
     * of the calls slow, a few percent at worst; a model too slow for an event loop makes nearly
     * all of them slow. One in eight sits far from both.
     */
    static final int SLOW_CALLS_WITHDRAWING_TRUST = 8;

    private final String endpoint;
    private final ModelVersionId version;
    private final Predictor predictor;
    private final QueueObserver observer;

    /** Tells the copy that one of its in-flight requests has been answered. */
    private final Runnable answered;

    /**
     * The last {@link #RECENT_CALLS} calls, newest in the lowest bit, a set bit for a slow one. All
     * slow before the first call: trust is earned.
     */
    private final AtomicLong recentSlowCalls = new AtomicLong(-1L);

    PredictorCalls(
            String endpoint,
            ModelVersionId version,
            Predictor predictor,
            QueueObserver observer,
            Runnable answered) {
        this.endpoint = endpoint;
        this.version = version;
        this.predictor = predictor;
        this.observer = observer;
        this.answered = answered;
    }

    /**
     * Whether the calls have proven quick, fewer than {@link #SLOW_CALLS_WITHDRAWING_TRUST} of the
     * last {@link #RECENT_CALLS} slow: requests may gather on their event loops.
     */
    boolean trusted() {
        return recentSlowCalls() < SLOW_CALLS_WITHDRAWING_TRUST;
    }

    /** How many of the last {@link #RECENT_CALLS} calls were slow. */
    int recentSlowCalls() {
        return Long.bitCount(recentSlowCalls.get());
    }

    /**
     * Runs a batch taken from the queue or gathered on a loop: those past their deadline are
     * dropped unrun, the rest run as one merged call (each alone if it fails).
     */
    void run(List<Pending> batch) {
        long now = System.nanoTime();
        List<Pending> live = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (now - pending.deadlineNanos() > 0) {
                dropExpired(pending, now);
            } else {
                observer.dequeued(endpoint, now - pending.enqueuedNanos(), false);
                live.add(pending);
            }
        }
        if (live.size() == 1) {
            runAlone(live.get(0));
        } else if (!live.isEmpty()) {
            runMerged(live);
        }
    }

    /** Answers a request whose deadline passed before it ran: TIMEOUT, never run. */
    void dropExpired(Pending pending, long now) {
        observer.dequeued(endpoint, now - pending.enqueuedNanos(), true);
        finish(
                pending,
                null,
                new SlipwayException(
                        ErrorCode.TIMEOUT,
                        "endpoint '" + endpoint + "': request timed out in the queue"));
    }

    void runAlone(Pending pending) {
        try {
            PredictResult result = predict(pending.request());
            observer.ran(endpoint, Math.max(pending.rows(), 0), 1);
            finish(pending, result, null);
        } catch (PredictionException e) {
            finish(
                    pending,
                    null,
                    new SlipwayException(
                            e.isInvalidInput()
                                    ? ErrorCode.INVALID_INPUT
                                    : ErrorCode.RUNTIME_FAILURE,
                            e.getMessage(),
                            e));
        } catch (RuntimeException | Error e) {
            finish(
                    pending,
                    null,
                    new SlipwayException(
                            ErrorCode.RUNTIME_FAILURE, "model " + version + " failed: " + e, e));
        }
    }

    private void runMerged(List<Pending> batch) {
        List<PredictRequest> requests = new ArrayList<>(batch.size());
        int[] rows = new int[batch.size()];
        int total = 0;
        for (int i = 0; i < batch.size(); i++) {
            requests.add(batch.get(i).request());
            rows[i] = batch.get(i).rows();
            total += rows[i];
        }
        List<PredictResult> results;
        try {
            results = Batches.split(predict(Batches.merge(requests)), rows);
        } catch (RuntimeException e) {
            results = null; // one request may have spoiled the batch: each runs alone below
        }
        if (results == null) {
            batch.forEach(this::runAlone);
            return;
        }
        observer.ran(endpoint, total, batch.size());
        for (int i = 0; i < batch.size(); i++) {
            finish(batch.get(i), results.get(i), null);
        }
    }

    /** The runtime call, timed towards trust in quick calls. */
    private PredictResult predict(PredictRequest request) throws PredictionException {
        long started = System.nanoTime();
        try {
            return predictor.predict(request);
        } finally {
            noteCall(System.nanoTime() - started);
        }
    }

    /** Remembers whether a call was slow, for trust in quick calls. */
    private void noteCall(long nanos) {
        long slow = nanos > QUICK_CALL_NANOS ? 1 : 0;
        long seen;
        long next;
        do {
            seen = recentSlowCalls.get();
            next = seen << 1 | slow;
        } while (next != seen && !recentSlowCalls.compareAndSet(seen, next));
    }

    private void finish(Pending pending, PredictResult result, SlipwayException failure) {
        try {
            if (failure == null) {
                pending.result().complete(result);
            } else {
                pending.result().completeExceptionally(failure);
            }
        } finally {
            answered.run();
        }
    }
}
