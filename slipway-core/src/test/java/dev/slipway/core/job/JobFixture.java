package dev.slipway.core.job;

import dev.slipway.core.testing.FakeClock;
import dev.slipway.core.testing.InMemoryJobStore;
import dev.slipway.core.testing.RecordingEventLog;
import java.time.Duration;

/** A store, files, predictors and an event log for jobs, all in memory. */
final class JobFixture {
    final FakeClock clock = new FakeClock();
    final InMemoryJobStore store = new InMemoryJobStore();
    final FakeJobFiles files = new FakeJobFiles();
    final ScriptedPredictors predictors = new ScriptedPredictors();
    final RecordingEventLog events = new RecordingEventLog(clock);

    static JobSpec spec(int parallelism, int miniBatch, int shardRows, double maxErrorRatio) {
        return new JobSpec(
                new JobTarget.OnEndpoint("sample"),
                "in",
                "out.csv",
                null,
                null,
                null,
                parallelism,
                miniBatch,
                shardRows,
                maxErrorRatio);
    }

    /** Stores a job as the scheduler leaves it when it starts a runner. */
    long running(JobSpec spec) {
        JobFiles.Prepared prepared = files.prepare(spec, null);
        BatchJob job =
                store.insert(
                        BatchJob.queued(
                                null,
                                spec.withFormat(prepared.format()),
                                prepared.locations(),
                                null,
                                clock.instant()));
        store.transition(job.id(), JobState.QUEUED, JobState.RUNNING, null, clock.instant());
        return job.id();
    }

    JobRunner runner(long id) {
        return new JobRunner(id, store, files, predictors, events, clock, Duration.ofSeconds(5));
    }

    /** Runs the job to its end on this thread and answers it. */
    BatchJob run(long id) {
        runner(id).run();
        return store.find(id).orElseThrow();
    }

    JobScheduler scheduler(int maxRunning) {
        return new JobScheduler(
                store, files, predictors, events, clock, maxRunning, Duration.ofSeconds(5));
    }

    JobService service(JobScheduler scheduler) {
        return new JobService(store, files, predictors, scheduler, events, clock);
    }
}
