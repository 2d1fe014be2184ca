package dev.slipway.core.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of batch jobs and their shards. Every write that a crash could repeat is guarded by
 * the state it expects, so repeating it does nothing. Implementations are thread-safe.
 */
public interface JobStore {

    /**
     * Stores a new job and gives it an id.
     *
     * @throws dev.slipway.core.error.SlipwayException JOB_EXISTS when the name is taken
     */
    BatchJob insert(BatchJob job);

    Optional<BatchJob> find(long id);

    Optional<BatchJob> findByName(String name);

    /** The newest jobs first; only the one with {@code name} when it is not null. */
    List<BatchJob> recent(String name, int limit);

    /** Jobs that have not finished, oldest first. */
    List<BatchJob> active();

    /**
     * Moves the job from {@code from} to {@code to} when it is still in {@code from}: entering
     * RUNNING sets the start time once, a finished state the finish time and {@code error}.
     *
     * @return whether the job was in {@code from}
     */
    boolean transition(long id, JobState from, JobState to, String error, Instant at);

    /**
     * Records a request to cancel a job that has not finished.
     *
     * @return false when the job has already finished
     */
    boolean requestCancel(long id);

    /** Stores the shards and the totals, unless the job already has a plan. */
    void savePlan(long id, ShardPlanner.Plan plan);

    /** The job's shards in output order. */
    List<Shard> shards(long id);

    /** Takes the first pending shard: it becomes RUNNING and counts one more attempt. */
    Optional<Shard> claim(long id);

    /**
     * Marks a RUNNING shard DONE and adds its rows to the job's counters, in one transaction; a
     * shard that is not RUNNING is left alone.
     */
    void complete(long id, int shard, long rowsFailed);

    /** Puts the job's RUNNING shards back to PENDING (their worker is gone); returns how many. */
    int releaseRunning(long id);
}
