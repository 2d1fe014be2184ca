package dev.slipway.core.node;

import dev.slipway.core.endpoint.Batching;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded instance of a model version with its own bounded queue and worker threads (one
 * platform thread per reserved core: native inference must not run on virtual threads, nor on an
 * event loop unless its calls have proven quick). With batching on, a worker merges compatible
 * waiting requests along the batch dimension into one runtime call and hands each caller exactly
 * its rows. A call the predictor declares {@linkplain Predictor#runsInline inline} (a few
 * microseconds of Java, such as walking compiled trees) runs on the calling thread instead: handing
 * it to a worker and back costs more than the call (ADR 12). Once a batching copy's calls have
 * proven quick ({@link PredictorCalls#trusted}), requests that arrive on an event loop gather there
 * in a {@link CallerLoop} and run as one call on that loop, until calls turn slow (ADRs 13, 16).
 *
 * <p>Deadlines are enforced here, by one shared thread that looks at every copy each {@link
 * DeadlineSweep#TICK_MILLIS} ms, and not by a timer per request: a JDK timer per request woke a
 * scheduler thread twice per request and cost a third of a core's throughput (docs/benchmarks.md).
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
    private final int defaultMaxQueue;
    private final boolean batchable;
    private final QueueObserver observer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers;
    private final PredictorCalls calls;

    /** What each worker is running now (null when idle), for the deadline check. */
    private final AtomicReferenceArray<List<Pending>> runningBatches;

    /** Requests waiting in the queue (not yet taken by a worker). */
    private final AtomicInteger waiting = new AtomicInteger();

    /** Workers inside a runtime call right now. */
    private final AtomicInteger running = new AtomicInteger();

    /** In-flight requests (waiting or running), plus the RETIRED bit once retired. */
    private final AtomicInteger users = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    /** A copy without batching, as the tests of other concerns want it. */
    public Copy(
            String endpoint,
            ModelVersionId version,
            Predictor predictor,
            int threads,
            int defaultMaxQueue) {
        this(endpoint, version, predictor, threads, defaultMaxQueue, false, QueueObserver.NONE);
    }

    /**
     * @param defaultMaxQueue the queue bound when the endpoint's policy does not set one
     * @param batchable whether the model's signature lets requests be merged by rows
     */
    public Copy(
            String endpoint,
            ModelVersionId version,
            Predictor predictor,
            int threads,
            int defaultMaxQueue,
            boolean batchable,
            QueueObserver observer) {
        if (threads < 1 || defaultMaxQueue < 1) {
            throw new IllegalArgumentException("threads and defaultMaxQueue must be >= 1");
        }
        this.endpoint = endpoint;
        this.version = version;
        this.predictor = predictor;
        this.defaultMaxQueue = defaultMaxQueue;
        this.batchable = batchable;
        this.observer = observer;
        this.calls = new PredictorCalls(endpoint, version, predictor, observer, this::release);
        this.runningBatches = new AtomicReferenceArray<>(threads);
        ThreadFactory factory = NativeThreads.named("infer-" + endpoint + "-v" + version.version());
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int slot = i;
            Thread worker = factory.newThread(() -> work(slot));
            worker.start();
            started.add(worker);
        }
        this.workers = List.copyOf(started);
        DeadlineSweep.watch(this);
    }

    public ModelVersionId version() {
        return version;
    }

    public Predictor predictor() {
        return predictor;
    }

    /** Worker threads: one runtime call at a time each, one per reserved core. */
    public int workerThreads() {
        return workers.size();
    }

    /** Requests accepted and not finished; a measure of how busy the copy is. */
    public int load() {
        return users.get() & ~RETIRED;
    }

    /** Whether this copy's calls have proven quick enough to gather on event loops. */
    boolean trustsItsCalls() {
        return calls.trusted();
    }

    /** How many of this copy's recent calls were slow; for tests. */
    int recentSlowCalls() {
        return calls.recentSlowCalls();
    }

    /** Requests waiting for a worker. */
    public int queueDepth() {
        return waiting.get();
    }

    CompletableFuture<PredictResult> submit(PredictRequest request, long deadlineNanos) {
        return submit(request, deadlineNanos, QueuePolicy.DEFAULT, null);
    }

    CompletableFuture<PredictResult> submit(
            PredictRequest request, long deadlineNanos, QueuePolicy policy) {
        return submit(request, deadlineNanos, policy, null);
    }

    /**
     * Queues a prediction under the endpoint's policy, runs it at once on this thread when the
     * predictor declares it inline, or gathers it on the caller's event loop once this copy's calls
     * are trusted to be quick. Returns null when the copy has been retired meanwhile (the caller
     * picks a copy of the newer serving set).
     *
     * @param deadlineNanos {@link System#nanoTime()} after which the request is dropped unrun
     * @param loop the event loop this is called on, or null off an event loop
     * @throws SlipwayException QUEUE_FULL when the copy's queue is full
     */
    CompletableFuture<PredictResult> submit(
            PredictRequest request, long deadlineNanos, QueuePolicy policy, CallerLoop loop) {
        if (!tryAcquire()) {
            return null;
        }
        int rows = Batches.rows(request);
        Pending pending =
                new Pending(
                        request,
                        rows,
                        deadlineNanos,
                        System.nanoTime(),
                        policy.batching(),
                        new CompletableFuture<>());
        if (rows >= 0 && predictor.runsInline(rows)) {
            return runInline(pending);
        }
        if (loop != null && gathersOnLoop(pending)) {
            loop.add(this, pending);
            return pending.result();
        }
        int maxQueue = policy.maxQueue() > 0 ? policy.maxQueue() : defaultMaxQueue;
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            release();
            observer.rejected(endpoint);
            throw new SlipwayException(
                    ErrorCode.QUEUE_FULL,
                    "endpoint '"
                            + endpoint
                            + "' is overloaded: its request queue is full ("
                            + maxQueue
                            + " waiting)");
        }
        queue.add(pending);
        return pending.result();
    }

    /**
     * Runs an inline call on the calling thread: in flight like a queued one (a retirement waits
     * for it), observed as a batch of one that never waited, and already answered on return.
     */
    private CompletableFuture<PredictResult> runInline(Pending pending) {
        observer.dequeued(endpoint, 0, false);
        calls.runAlone(pending);
        return pending.result();
    }

    /**
     * Whether a request may gather on its event loop: it can be merged, and this copy's calls have
     * proven quick. Not counted against the queue bound: what one loop gathers is what it read in a
     * few passes.
     */
    private boolean gathersOnLoop(Pending pending) {
        return batchable
                && pending.batching().enabled()
                && pending.rows() >= 0
                && pending.rows() <= pending.batching().maxBatchSize()
                && calls.trusted();
    }

    /**
     * Runs requests a {@link CallerLoop} gathered, on that loop: compatible neighbours merged into
     * calls of at most the batch size, in order.
     */
    void runGathered(List<Pending> gathered) {
        List<Pending> batch = new ArrayList<>(gathered.size());
        int rows = 0;
        for (Pending next : gathered) {
            if (!batch.isEmpty() && !fitsBeside(batch.get(0), rows, next)) {
                run(batch);
                batch = new ArrayList<>(gathered.size());
                rows = 0;
            }
            batch.add(next);
            rows += next.rows();
        }
        run(batch);
    }

    /** A worker's loop: take a request, gather a batch around it, run it; until closed. */
    private void work(int slot) {
        Pending carried = null;
        try {
            while (true) {
                Pending first = carried != null ? carried : take();
                carried = null;
                List<Pending> batch = new ArrayList<>(1);
                batch.add(first);
                carried = gather(first, batch);
                runningBatches.set(slot, batch);
                try {
                    run(batch);
                } finally {
                    runningBatches.set(slot, null);
                }
            }
        } catch (InterruptedException e) {
            // Interrupted only by close(), once nothing is queued or running.
        }
    }

    private Pending take() throws InterruptedException {
        Pending next = queue.take();
        waiting.decrementAndGet();
        return next;
    }

    /**
     * Adds to {@code batch} the waiting requests that fit beside {@code first}, waiting at most the
     * batching delay (counted from when {@code first} arrived). Returns a request taken that did
     * not fit, which the worker runs next.
     */
    private Pending gather(Pending first, List<Pending> batch) throws InterruptedException {
        Batching batching = first.batching();
        if (!batchable || !batching.enabled() || first.rows() < 0) {
            return null;
        }
        int rows = first.rows();
        long until = first.enqueuedNanos() + batching.maxDelay().toNanos();
        while (rows < batching.maxBatchSize()) {
            long wait = until - System.nanoTime();
            // Waiting only pays while another worker runs: its callers are about to send again.
            // With every worker idle and nothing queued, no request is on its way from here.
            if (running.get() == 0 && queue.isEmpty()) {
                wait = 0;
            }
            Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return null;
            }
            waiting.decrementAndGet();
            if (!fitsBeside(first, rows, next)) {
                return next;
            }
            batch.add(next);
            rows += next.rows();
        }
        return null;
    }

    /**
     * Whether {@code next} may join the call of a batch opened by {@code first} that holds {@code
     * rows} rows so far: it has rows, they fit within the batch size, and its inputs and outputs
     * match.
     */
    private static boolean fitsBeside(Pending first, int rows, Pending next) {
        return next.rows() >= 0
                && rows + next.rows() <= first.batching().maxBatchSize()
                && Batches.compatible(first.request(), next.request());
    }

    /**
     * Fails what has passed its deadline: queued requests are dropped unrun, running ones are
     * answered with TIMEOUT at once (the runtime call cannot be interrupted; its result is then
     * discarded).
     */
    void expireOverdue() {
        long now = System.nanoTime();
        for (Pending pending : queue) {
            if (now - pending.deadlineNanos() > 0 && queue.remove(pending)) {
                waiting.decrementAndGet();
                calls.dropExpired(pending, now);
            }
        }
        for (int slot = 0; slot < runningBatches.length(); slot++) {
            List<Pending> batch = runningBatches.get(slot);
            if (batch == null) {
                continue;
            }
            for (Pending pending : batch) {
                if (now - pending.deadlineNanos() > 0 && !pending.result().isDone()) {
                    pending.result()
                            .completeExceptionally(
                                    new SlipwayException(
                                            ErrorCode.TIMEOUT,
                                            "endpoint '"
                                                    + endpoint
                                                    + "' did not answer within its timeout"));
                }
            }
        }
    }

    private void run(List<Pending> batch) {
        running.incrementAndGet();
        try {
            calls.run(batch);
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Runs work with this copy's predictor outside its queue (e.g. a rollout's golden check),
     * counted as in flight so that a retirement waits for it. Returns null when retired.
     */
    <T> T withPredictor(Function<Predictor, T> work) {
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
            DeadlineSweep.forget(this);
            workers.forEach(Thread::interrupt); // all idle: nothing is queued or running
            try {
                predictor.close();
            } catch (RuntimeException e) {
                log.warn("closing a copy of {} failed: {}", version, e.toString());
            }
            log.info("unloaded a copy of {} from endpoint '{}'", version, endpoint);
        }
    }
}
