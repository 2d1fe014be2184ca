package dev.slipway.core.job;

import dev.slipway.core.registry.ModelVersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A batch job as stored: what was asked, where it reads and writes, and how far it got. Counters
 * cover finished shards only; the {@link JobScheduler} adds the rows of shards in progress.
 *
 * @param name an optional unique name (manifests find their job by it), or null
 * @param version the model version a model target resolved to at creation; null for an endpoint
 * @param cancelRequested someone asked to cancel; the scheduler carries it out
 * @param error why the job failed, or null
 * @param rowsTotal data rows in the input, or -1 before planning
 * @param shardsTotal shards planned, or -1 before planning
 */
public record BatchJob(
        long id,
        String name,
        JobSpec spec,
        JobLocations locations,
        ModelVersionId version,
        JobState state,
        boolean cancelRequested,
        String error,
        long rowsTotal,
        int shardsTotal,
        long rowsDone,
        long rowsFailed,
        int shardsDone,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public BatchJob {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.format(), "spec.format");
        Objects.requireNonNull(locations, "locations");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new job, before the store gives it an id. */
    public static BatchJob queued(
            String name,
            JobSpec spec,
            JobLocations locations,
            ModelVersionId version,
            Instant now) {
        return new BatchJob(
                0,
                name,
                spec,
                locations,
                version,
                JobState.QUEUED,
                false,
                null,
                -1,
                -1,
                0,
                0,
                0,
                now,
                null,
                null);
    }

    public BatchJob withId(long newId) {
        return new BatchJob(
                newId,
                name,
                spec,
                locations,
                version,
                state,
                cancelRequested,
                error,
                rowsTotal,
                shardsTotal,
                rowsDone,
                rowsFailed,
                shardsDone,
                createdAt,
                startedAt,
                finishedAt);
    }

    /** The job with other progress counters. */
    public BatchJob withCounts(
            long newRowsTotal,
            int newShardsTotal,
            long newRowsDone,
            long newRowsFailed,
            int newShardsDone) {
        return new BatchJob(
                id,
                name,
                spec,
                locations,
                version,
                state,
                cancelRequested,
                error,
                newRowsTotal,
                newShardsTotal,
                newRowsDone,
                newRowsFailed,
                newShardsDone,
                createdAt,
                startedAt,
                finishedAt);
    }

    /** The job in another state. */
    public BatchJob withState(
            JobState newState,
            boolean newCancelRequested,
            String newError,
            Instant newStartedAt,
            Instant newFinishedAt) {
        return new BatchJob(
                id,
                name,
                spec,
                locations,
                version,
                newState,
                newCancelRequested,
                newError,
                rowsTotal,
                shardsTotal,
                rowsDone,
                rowsFailed,
                shardsDone,
                createdAt,
                newStartedAt,
                newFinishedAt);
    }

    public boolean planned() {
        return shardsTotal >= 0;
    }

    /** The events of this job are filed under this subject. */
    public String subject() {
        return subject(id);
    }

    public static String subject(long id) {
        return "job/" + id;
    }

    /** {@code job 7 (nightly-scores)}. */
    public String label() {
        return "job " + id + (name == null ? "" : " (" + name + ")");
    }
}
