package dev.slipway.core.testing;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.BatchJob;
import dev.slipway.core.job.JobState;
import dev.slipway.core.job.JobStore;
import dev.slipway.core.job.Shard;
import dev.slipway.core.job.ShardPlanner;
import dev.slipway.core.job.ShardState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Jobs and shards in maps, with the guarded writes of the real store. Thread-safe (synchronized).
 */
public final class InMemoryJobStore implements JobStore {
    private final Map<Long, BatchJob> jobs = new TreeMap<>();
    private final Map<Long, List<Shard>> shards = new HashMap<>();
    private long nextId = 1;

    @Override
    public synchronized BatchJob insert(BatchJob job) {
        if (job.name() != null && findByName(job.name()).isPresent()) {
            throw new SlipwayException(ErrorCode.JOB_EXISTS, "name taken: " + job.name());
        }
        BatchJob stored = job.withId(nextId++);
        jobs.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<BatchJob> find(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<BatchJob> findByName(String name) {
        return jobs.values().stream().filter(job -> name.equals(job.name())).findFirst();
    }

    @Override
    public synchronized List<BatchJob> recent(String name, int limit) {
        return jobs.values().stream()
                .filter(job -> name == null || name.equals(job.name()))
                .sorted(Comparator.comparingLong(BatchJob::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<BatchJob> active() {
        return jobs.values().stream().filter(job -> !job.state().finished()).toList();
    }

    @Override
    public synchronized boolean transition(
            long id, JobState from, JobState to, String error, Instant at) {
        BatchJob job = jobs.get(id);
        if (job == null || job.state() != from) {
            return false;
        }
        jobs.put(
                id,
                job.withState(
                        to,
                        job.cancelRequested(),
                        to.finished() ? error : job.error(),
                        job.startedAt() == null && to == JobState.RUNNING ? at : job.startedAt(),
                        to.finished() ? at : null));
        return true;
    }

    @Override
    public synchronized boolean requestCancel(long id) {
        BatchJob job = jobs.get(id);
        if (job == null || job.state().finished()) {
            return false;
        }
        jobs.put(
                id,
                job.withState(job.state(), true, job.error(), job.startedAt(), job.finishedAt()));
        return true;
    }

    @Override
    public synchronized void savePlan(long id, ShardPlanner.Plan plan) {
        if (shards.containsKey(id)) {
            return;
        }
        shards.put(id, new ArrayList<>(plan.shards()));
        BatchJob job = jobs.get(id);
        jobs.put(id, job.withCounts(plan.rows(), plan.shards().size(), 0, 0, 0));
    }

    @Override
    public synchronized List<Shard> shards(long id) {
        return List.copyOf(shards.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized Optional<Shard> claim(long id) {
        List<Shard> list = shards.getOrDefault(id, List.of());
        for (int i = 0; i < list.size(); i++) {
            Shard shard = list.get(i);
            if (shard.state() == ShardState.PENDING) {
                Shard claimed = with(shard, ShardState.RUNNING, shard.attempts() + 1, 0);
                list.set(i, claimed);
                return Optional.of(claimed);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void complete(long id, int index, long rowsFailed) {
        List<Shard> list = shards.get(id);
        Shard shard = list.get(index);
        if (shard.state() != ShardState.RUNNING) {
            return;
        }
        list.set(index, with(shard, ShardState.DONE, shard.attempts(), rowsFailed));
        count(id, shard, rowsFailed);
    }

    @Override
    public synchronized int releaseRunning(long id) {
        List<Shard> list = shards.getOrDefault(id, List.of());
        int released = 0;
        for (int i = 0; i < list.size(); i++) {
            Shard shard = list.get(i);
            if (shard.state() == ShardState.RUNNING) {
                list.set(i, with(shard, ShardState.PENDING, shard.attempts(), 0));
                released++;
            }
        }
        return released;
    }

    /** Sets a shard's state directly, as a process that died mid-way would have left it. */
    public synchronized void force(long id, int index, ShardState state) {
        List<Shard> list = shards.get(id);
        Shard shard = list.get(index);
        list.set(index, with(shard, state, shard.attempts() + 1, 0));
        if (state == ShardState.DONE) {
            count(id, shard, 0);
        }
    }

    private void count(long id, Shard shard, long rowsFailed) {
        BatchJob job = jobs.get(id);
        jobs.put(
                id,
                job.withCounts(
                        job.rowsTotal(),
                        job.shardsTotal(),
                        job.rowsDone() + shard.rows(),
                        job.rowsFailed() + rowsFailed,
                        job.shardsDone() + 1));
    }

    private static Shard with(Shard shard, ShardState state, int attempts, long rowsFailed) {
        return new Shard(
                shard.index(),
                shard.file(),
                shard.start(),
                shard.end(),
                shard.firstRow(),
                shard.firstLine(),
                shard.rows(),
                state,
                attempts,
                rowsFailed);
    }
}
