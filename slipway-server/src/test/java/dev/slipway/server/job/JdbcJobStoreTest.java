package dev.slipway.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.BatchJob;
import dev.slipway.core.job.InputFormat;
import dev.slipway.core.job.JobLocations;
import dev.slipway.core.job.JobSpec;
import dev.slipway.core.job.JobState;
import dev.slipway.core.job.JobTarget;
import dev.slipway.core.job.Shard;
import dev.slipway.core.job.ShardPlanner;
import dev.slipway.core.job.ShardState;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.server.persistence.Database;
import dev.slipway.server.testing.Concurrently;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs and shards in SQL: the round trip, and writes guarded by the state they expect. */
class JdbcJobStoreTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir Path directory;
    Database database;

    /** What the test closes: the database, or (PostgreSQL) the database it also drops. */
    AutoCloseable closing;

    JdbcJobStore store;

    @BeforeEach
    void open() {
        openDatabase();
        store = new JdbcJobStore(database.jdbi());
    }

    @AfterEach
    void close() throws Exception {
        closing.close();
    }

    /** An H2 database in the test's directory; the PostgreSQL variant overrides this. */
    void openDatabase() {
        database = new Database(Database.h2FileUrl(directory), "sa", "");
        closing = database;
    }

    private BatchJob insert(String name) {
        JobSpec spec =
                new JobSpec(
                        new JobTarget.OnModel(new ModelRef.Aliased("fraud", "champion")),
                        "in/",
                        "out.csv",
                        InputFormat.JSONL,
                        false,
                        "id",
                        3,
                        64,
                        10,
                        0.25);
        return store.insert(
                BatchJob.queued(
                        name,
                        spec,
                        new JobLocations("/root/in", "/root/out.csv", "/root/out.csv.errors.csv"),
                        new ModelVersionId("fraud", 4),
                        NOW));
    }

    @Test
    void aJobRoundTripsWithEveryField() {
        BatchJob stored = insert("nightly");

        BatchJob read = store.find(stored.id()).orElseThrow();

        assertThat(read).isEqualTo(stored);
        assertThat(read.spec().target().toString()).isEqualTo("fraud@champion");
        assertThat(read.spec().header()).isFalse();
        assertThat(read.version()).isEqualTo(new ModelVersionId("fraud", 4));
        assertThat(read.state()).isEqualTo(JobState.QUEUED);
        assertThat(read.rowsTotal()).isEqualTo(-1);
        assertThat(store.findByName("nightly")).contains(read);
        assertThat(store.recent(null, 10)).containsExactly(read);
        assertThat(store.active()).containsExactly(read);
    }

    @Test
    void aNameIsUnique() {
        insert("nightly");

        assertThatThrownBy(() -> insert("nightly"))
                .isInstanceOf(SlipwayException.class)
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.JOB_EXISTS);
        insert(null);
        insert(null); // any number of unnamed jobs
        assertThat(store.recent(null, 10)).hasSize(3);
    }

    @Test
    void transitionsOnlyFromTheExpectedStateAndKeepTheFirstStart() {
        long id = insert(null).id();

        assertThat(store.transition(id, JobState.QUEUED, JobState.RUNNING, null, NOW)).isTrue();
        assertThat(
                        store.transition(
                                id, JobState.QUEUED, JobState.RUNNING, null, NOW.plusSeconds(9)))
                .isFalse();
        assertThat(store.requestCancel(id)).isTrue();
        assertThat(
                        store.transition(
                                id, JobState.RUNNING, JobState.FAILED, "boom", NOW.plusSeconds(5)))
                .isTrue();
        assertThat(store.requestCancel(id)).isFalse();

        BatchJob job = store.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("boom");
        assertThat(job.cancelRequested()).isTrue();
        assertThat(job.startedAt()).isEqualTo(NOW);
        assertThat(job.finishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(store.active()).isEmpty();
    }

    @Test
    void aPlanIsSavedOnceAndShardsAreClaimedCompletedAndReleasedOnce() {
        long id = insert(null).id();
        ShardPlanner planner = new ShardPlanner(2);
        for (int row = 0; row < 5; row++) {
            planner.row("a.csv", row * 10L, row + 1);
        }
        planner.endOfFile(50);
        store.savePlan(id, planner.plan());
        store.savePlan(id, planner.plan()); // a repeat after a crash does nothing

        Shard first = store.claim(id).orElseThrow();
        Shard second = store.claim(id).orElseThrow();
        store.complete(id, first.index(), 1);
        store.complete(id, first.index(), 1); // repeated: counted once
        int released = store.releaseRunning(id);
        Shard again = store.claim(id).orElseThrow();

        assertThat(first.index()).isZero();
        assertThat(second.index()).isEqualTo(1);
        assertThat(released).isEqualTo(1);
        assertThat(again.index()).isEqualTo(1);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(store.shards(id))
                .extracting(Shard::state)
                .containsExactly(ShardState.DONE, ShardState.RUNNING, ShardState.PENDING);
        BatchJob job = store.find(id).orElseThrow();
        assertThat(job.rowsTotal()).isEqualTo(5);
        assertThat(job.shardsTotal()).isEqualTo(3);
        assertThat(job.rowsDone()).isEqualTo(2);
        assertThat(job.rowsFailed()).isEqualTo(1);
        assertThat(job.shardsDone()).isEqualTo(1);
    }

    @Test
    void concurrentWorkersNeverClaimTheSameShard() throws Exception {
        long id = insert(null).id();
        ShardPlanner planner = new ShardPlanner(1);
        for (int row = 0; row < 40; row++) {
            planner.row("a.csv", row, row + 1);
        }
        planner.endOfFile(40);
        store.savePlan(id, planner.plan());
        Set<Integer> claimed = ConcurrentHashMap.newKeySet();

        var outcomes =
                Concurrently.run(
                        8,
                        () -> {
                            for (var shard = store.claim(id);
                                    shard.isPresent();
                                    shard = store.claim(id)) {
                                assertThat(claimed.add(shard.get().index())).isTrue();
                            }
                            return null;
                        });

        assertThat(outcomes).allMatch(outcome -> outcome.failure() == null);
        assertThat(claimed).hasSize(40);
        assertThat(store.shards(id)).allMatch(shard -> shard.attempts() == 1);
    }
}
