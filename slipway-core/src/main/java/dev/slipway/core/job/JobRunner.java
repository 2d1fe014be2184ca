package dev.slipway.core.job;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.node.NativeThreads;
import dev.slipway.spi.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job to its end in this process, as a checklist: plan the shards (once), put shards left
 * RUNNING by a dead process back to pending, run the pending shards on {@code parallelism} workers,
 * then assemble the output and judge the error ratio. A shard is marked done in the store only
 * after its part is committed, so a crash at any point redoes at most the shards in progress, and
 * their new part replaces the old one.
 *
 * <p>Thread-safety: {@link #run} runs on one thread and starts the workers; {@link #stop} may be
 * called from any thread.
 */
final class JobRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** Why the runner stops before the job ends. */
    enum Stop {
        /** Someone cancelled the job: it ends as CANCELLED. */
        CANCEL,
        /** The server shuts down: the job stays RUNNING and resumes on the next start. */
        SHUTDOWN
    }

    private final long id;
    private final JobStore store;
    private final JobFiles files;
    private final JobPredictors predictors;
    private final EventLog events;
    private final Clock clock;
    private final Duration busyWait;
    private final JobProgress progress = new JobProgress(System.nanoTime());
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong rowsFailed = new AtomicLong();

    JobRunner(
            long id,
            JobStore store,
            JobFiles files,
            JobPredictors predictors,
            EventLog events,
            Clock clock,
            Duration busyWait) {
        this.id = id;
        this.store = store;
        this.files = files;
        this.predictors = predictors;
        this.events = events;
        this.clock = clock;
        this.busyWait = busyWait;
    }

    JobProgress progress() {
        return progress;
    }

    /** Asks the workers to stop after their current mini-batch; the first reason given wins. */
    void stop(Stop reason) {
        stop.compareAndSet(null, reason);
    }

    @Override
    public void run() {
        try {
            BatchJob job = planned(require());
            Signature signature = predictors.versionFor(job).signature();
            store.releaseRunning(id);
            rowsFailed.set(job.rowsFailed());
            runWorkers(job, signature);
            finish(signature);
        } catch (Exception | LinkageError e) {
            fail(describe(e));
            if (!(e instanceof SlipwayException)) {
                log.warn("job {} failed", id, e);
            }
            finish(null);
        }
    }

    private BatchJob require() {
        return store.find(id)
                .orElseThrow(() -> new IllegalStateException("job " + id + " vanished"));
    }

    private BatchJob planned(BatchJob job) throws java.io.IOException {
        if (job.planned()) {
            return job;
        }
        ShardPlanner.Plan plan = files.plan(job);
        store.savePlan(id, plan);
        events.append(
                job.subject(),
                "job.planned",
                plan.rows() + " rows in " + plan.shards().size() + " shards");
        return require();
    }

    private void runWorkers(BatchJob job, Signature signature) throws Exception {
        long pending =
                store.shards(id).stream().filter(shard -> shard.state() != ShardState.DONE).count();
        int workers = (int) Math.min(job.spec().parallelism(), pending);
        if (workers == 0) {
            return;
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(workers, NativeThreads.named("job-" + id));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(() -> work(job, signature)));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One worker: claims shards until none is left or the job stops. */
    private void work(BatchJob job, Signature signature) {
        JobPredictor predictor = null;
        try {
            while (!stopping()) {
                Optional<Shard> claimed = store.claim(id);
                if (claimed.isEmpty()) {
                    return;
                }
                if (predictor == null) {
                    predictor = predictors.open(job);
                }
                runShard(job, claimed.get(), signature, predictor);
            }
        } catch (Exception | LinkageError e) {
            fail(describe(e));
            if (!(e instanceof SlipwayException)) {
                log.warn("job {}: a worker failed", id, e);
            }
        } finally {
            if (predictor != null) {
                predictor.close();
            }
        }
    }

    private void runShard(BatchJob job, Shard shard, Signature signature, JobPredictor predictor)
            throws java.io.IOException {
        ShardRunner runner =
                new ShardRunner(
                        predictor,
                        signature,
                        job.spec().miniBatch(),
                        this::stopping,
                        progress,
                        busyWait);
        ShardRunner.Result result;
        try {
            try (RowReader reader = files.open(job, shard, signature);
                    ShardOutput output = files.create(job, shard, signature)) {
                result = runner.run(reader, output);
            }
            if (!result.stopped()) {
                store.complete(id, shard.index(), result.rowsFailed());
            }
        } finally {
            // Committed rows are counted by the store now; those of an attempt that did not
            // commit are dropped. Either way they are no longer in flight.
            progress.settle(runner.rowsHandled());
        }
        if (!result.stopped()) {
            long failed = rowsFailed.addAndGet(result.rowsFailed());
            if (job.spec().tooManyErrors(failed, job.rowsTotal())) {
                fail(tooManyErrors(job, failed) + "; stopped early");
            }
        }
    }

    /** After the workers: cancel, fail or assemble, unless the server is shutting down. */
    private void finish(Signature signature) {
        if (stop.get() == Stop.SHUTDOWN) {
            return; // RUNNING in the store: the next start resumes it
        }
        BatchJob job = require();
        try {
            if (stop.get() == Stop.CANCEL) {
                end(job, JobState.CANCELLED, null, "cancelled after " + job.rowsDone() + " rows");
            } else if (failure.get() != null) {
                if (signature != null) {
                    files.assemble(job, store.shards(id), signature, false);
                }
                end(job, JobState.FAILED, failure.get(), failure.get());
            } else if (store.shards(id).stream().anyMatch(s -> s.state() != ShardState.DONE)) {
                end(job, JobState.FAILED, "shards were left unfinished", null);
            } else if (job.spec().tooManyErrors(job.rowsFailed(), job.rowsTotal())) {
                files.assemble(job, store.shards(id), signature, false);
                String reason = tooManyErrors(job, job.rowsFailed());
                end(job, JobState.FAILED, reason, reason);
            } else {
                files.assemble(job, store.shards(id), signature, true);
                end(
                        job,
                        JobState.SUCCEEDED,
                        null,
                        job.rowsTotal()
                                + " rows, "
                                + job.rowsFailed()
                                + " failed; output "
                                + job.locations().output());
            }
        } catch (Exception | LinkageError e) {
            log.warn("job {}: finishing failed", id, e);
            end(job, JobState.FAILED, "assembling the output failed: " + describe(e), null);
        }
    }

    private void end(BatchJob job, JobState state, String error, String message) {
        if (store.transition(id, JobState.RUNNING, state, error, clock.instant())) {
            files.discard(job);
            events.append(
                    job.subject(),
                    "job." + state.wireName(),
                    message != null ? message : error != null ? error : "");
        }
    }

    private static String tooManyErrors(BatchJob job, long failed) {
        return String.format(
                java.util.Locale.ROOT,
                "%d of %d rows failed (%.2f%%), more than maxErrorRatio %s allows; see %s",
                failed,
                job.rowsTotal(),
                100.0 * failed / Math.max(1, job.rowsTotal()),
                job.spec().maxErrorRatio(),
                job.locations().errors());
    }

    private boolean stopping() {
        return stop.get() != null || failure.get() != null;
    }

    private void fail(String reason) {
        failure.compareAndSet(null, reason);
    }

    private static String describe(Throwable e) {
        Throwable cause =
                e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                        ? e.getCause()
                        : e;
        if (cause instanceof SlipwayException slipway) {
            return slipway.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
