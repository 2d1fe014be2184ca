package dev.slipway.core.job;

import dev.slipway.core.event.EventLog;
import dev.slipway.core.node.NativeThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the jobs in the store with the runners of this process. A pass reads the unfinished
 * jobs and, for each: cancels it (if queued or not running here) or stops its runner when a cancel
 * was requested; otherwise starts a runner while fewer than {@code maxRunning} run. A job found
 * RUNNING with no runner here was left by a process that died: it resumes. One control-plane
 * process runs jobs (like rollouts, the loop is not leader-elected).
 *
 * <p>Thread-safety: passes run one at a time on the scheduler's thread; {@link #trigger()}, {@link
 * #progress} and {@link #close} may be called from any thread.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    private final JobStore store;
    private final JobFiles files;
    private final JobPredictors predictors;
    private final EventLog events;
    private final Clock clock;
    private final int maxRunning;
    private final Duration busyWait;
    private final Map<Long, JobRunner> runners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(NativeThreads.named("job-scheduler"));
    private final ExecutorService runnerThreads =
            Executors.newCachedThreadPool(NativeThreads.named("job-runner"));
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;

    public JobScheduler(
            JobStore store,
            JobFiles files,
            JobPredictors predictors,
            EventLog events,
            Clock clock,
            int maxRunning) {
        this(store, files, predictors, events, clock, maxRunning, ShardRunner.BUSY_WAIT);
    }

    JobScheduler(
            JobStore store,
            JobFiles files,
            JobPredictors predictors,
            EventLog events,
            Clock clock,
            int maxRunning,
            Duration busyWait) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be >= 1, got " + maxRunning);
        }
        this.store = store;
        this.files = files;
        this.predictors = predictors;
        this.events = events;
        this.clock = clock;
        this.maxRunning = maxRunning;
        this.busyWait = busyWait;
    }

    public void start(Duration interval) {
        started = true;
        thread.scheduleWithFixedDelay(
                this::safePass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a pass soon on the scheduler's thread; does nothing before {@link #start}. */
    public void trigger() {
        if (started && !closed && passQueued.compareAndSet(false, true)) {
            try {
                thread.execute(
                        () -> {
                            passQueued.set(false);
                            safePass();
                        });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                passQueued.set(false);
            }
        }
    }

    /** The live counters of a job running in this process. */
    public Optional<JobProgress> progress(long id) {
        return Optional.ofNullable(runners.get(id)).map(JobRunner::progress);
    }

    private void safePass() {
        try {
            reconcileOnce();
        } catch (Exception | LinkageError e) {
            log.warn("job scheduler pass failed: {}", e.toString());
        }
    }

    /** One pass over the unfinished jobs. */
    void reconcileOnce() {
        if (closed) {
            return;
        }
        for (BatchJob job : store.active()) {
            JobRunner runner = runners.get(job.id());
            if (job.cancelRequested()) {
                if (runner != null) {
                    runner.stop(JobRunner.Stop.CANCEL);
                } else if (store.transition(
                        job.id(), job.state(), JobState.CANCELLED, null, clock.instant())) {
                    files.discard(job);
                    events.append(job.subject(), "job.cancelled", "cancelled before it ran here");
                }
            } else if (runner == null && runners.size() < maxRunning) {
                launch(job);
            }
        }
    }

    private void launch(BatchJob job) {
        if (job.state() == JobState.QUEUED) {
            if (!store.transition(
                    job.id(), JobState.QUEUED, JobState.RUNNING, null, clock.instant())) {
                return;
            }
            events.append(job.subject(), "job.started", "target " + job.spec().target());
        } else {
            events.append(
                    job.subject(),
                    "job.resumed",
                    job.shardsDone() + " of " + job.shardsTotal() + " shards were done");
        }
        JobRunner runner =
                new JobRunner(job.id(), store, files, predictors, events, clock, busyWait);
        runners.put(job.id(), runner);
        runnerThreads.execute(
                () -> {
                    try {
                        runner.run();
                    } finally {
                        runners.remove(job.id());
                        trigger(); // a queued job may start now
                    }
                });
    }

    /** Stops the runners without ending their jobs: the next process resumes them. */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        runners.values().forEach(runner -> runner.stop(JobRunner.Stop.SHUTDOWN));
        runnerThreads.shutdown();
        try {
            if (!runnerThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("batch job runners did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
