package dev.slipway.core.job;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.Names;
import java.time.Clock;
import java.util.List;

/**
 * Batch jobs as the API sees them: create (checked completely before anything is stored), list,
 * show with live progress, and cancel. It only records intent; the {@link JobScheduler} runs and
 * cancels. Thread-safe: creates are serialised, so two jobs cannot both claim one output file;
 * methods block on I/O.
 */
public final class JobService {
    private final JobStore store;
    private final JobFiles files;
    private final JobPredictors predictors;
    private final JobScheduler scheduler;
    private final EventLog events;
    private final Clock clock;

    public JobService(
            JobStore store,
            JobFiles files,
            JobPredictors predictors,
            JobScheduler scheduler,
            EventLog events,
            Clock clock) {
        this.store = store;
        this.files = files;
        this.predictors = predictors;
        this.scheduler = scheduler;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Accepts a job: the name is free, the target exists, the input is readable and fits the
     * model's columns, and the output may be written.
     *
     * @param name a unique name, or null
     * @throws SlipwayException INVALID_ARGUMENT naming the field, a NOT_FOUND code for the target,
     *     JOB_EXISTS when the name is taken
     */
    public synchronized JobStatus create(String name, JobSpec spec) {
        if (name != null) {
            Names.require("name", name);
            if (store.findByName(name).isPresent()) {
                throw new SlipwayException(
                        ErrorCode.JOB_EXISTS, "a batch job named '" + name + "' already exists");
            }
        }
        ModelVersion version = predictors.resolve(spec.target());
        JobFiles.Prepared prepared = files.prepare(spec, version.signature());
        for (BatchJob active : store.active()) {
            if (active.locations().output().equals(prepared.locations().output())) {
                throw SlipwayException.invalidArgument(
                        "output '"
                                + spec.output()
                                + "' is already the output of "
                                + active.label()
                                + ", which has not finished");
            }
        }
        ModelVersionId pinned = spec.target() instanceof JobTarget.OnModel ? version.id() : null;
        BatchJob job =
                store.insert(
                        BatchJob.queued(
                                name,
                                spec.withFormat(prepared.format()),
                                prepared.locations(),
                                pinned,
                                clock.instant()));
        events.append(
                job.subject(),
                "job.created",
                "target "
                        + spec.target()
                        + (pinned == null || pinned.toString().equals(spec.target().toString())
                                ? ""
                                : " (" + pinned + ")")
                        + ", input "
                        + prepared.locations().input());
        scheduler.trigger();
        return status(job);
    }

    public JobStatus get(long id) {
        return status(require(id));
    }

    /** The newest jobs first; only the one named {@code name} when it is not null. */
    public List<JobStatus> recent(String name, int limit) {
        return store.recent(name, limit).stream().map(this::status).toList();
    }

    public List<Shard> shards(long id) {
        require(id);
        return store.shards(id);
    }

    /** The job's events, oldest first. */
    public List<Event> events(long id, int limit) {
        return events.recent(BatchJob.subject(id), limit);
    }

    /**
     * Records a request to cancel; the scheduler stops the workers after their current mini-batch.
     *
     * @throws SlipwayException JOB_ENDED when the job has already finished
     */
    public JobStatus cancel(long id) {
        BatchJob job = require(id);
        if (job.state().finished() || !store.requestCancel(id)) {
            BatchJob ended = require(id);
            throw new SlipwayException(
                    ErrorCode.JOB_ENDED,
                    ended.label() + " has already ended (" + ended.state().wireName() + ")");
        }
        if (!job.cancelRequested()) {
            events.append(job.subject(), "job.cancel-requested", "");
        }
        scheduler.trigger();
        return get(id);
    }

    private BatchJob require(long id) {
        return store.find(id)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.JOB_NOT_FOUND,
                                        "batch job " + id + " does not exist"));
    }

    private JobStatus status(BatchJob job) {
        return JobStatus.of(job, scheduler.progress(job.id()).orElse(null), System.nanoTime());
    }
}
