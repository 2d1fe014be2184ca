package dev.slipway.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One job run to its end with fakes: order, checkpoints, bad rows, error ratio, stops. */
class JobRunnerTest {
    private final JobFixture fixture = new JobFixture();

    @Test
    void runsEveryShardInParallelAndKeepsTheInputOrder() {
        fixture.files.rows("a.csv", 5);
        fixture.files.file("b.csv", "x1,10,10", "x2,20,20", "x3,30,30", "x4,40,40");
        long id = fixture.running(JobFixture.spec(3, 2, 3, 0));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.rowsTotal()).isEqualTo(9);
        assertThat(job.shardsTotal()).isEqualTo(4); // a: 3 + 2, b: 3 + 1
        assertThat(job.rowsDone()).isEqualTo(9);
        assertThat(fixture.files.output)
                .containsExactly(
                        "r1,2.0,2.0",
                        "r2,4.0,4.0",
                        "r3,6.0,6.0",
                        "r4,8.0,8.0",
                        "r5,10.0,10.0",
                        "x1,20.0,20.0",
                        "x2,40.0,40.0",
                        "x3,60.0,60.0",
                        "x4,80.0,80.0");
        assertThat(fixture.files.errors).isEmpty();
        assertThat(fixture.predictors.batchSizes).allMatch(size -> size <= 2);
        assertThat(fixture.predictors.opened.get()).isBetween(1, 3);
        assertThat(fixture.predictors.closed.get()).isEqualTo(fixture.predictors.opened.get());
        assertThat(fixture.store.shards(id)).allMatch(shard -> shard.attempts() == 1);
        assertThat(fixture.files.discarded).isTrue();
        assertThat(fixture.events.types()).containsSubsequence("job.planned", "job.succeeded");
    }

    @Test
    void aBadRowFailsAloneAndTheJobSucceedsUnderTheRatio() {
        fixture.files.file(
                "a.csv", "a,1,1", "b,666,1", "c,3,3", "d,oops,4", "e,5,5", "f,6,6", "g,7,7");
        long id = fixture.running(JobFixture.spec(1, 4, 100, 0.3));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.rowsFailed()).isEqualTo(2);
        assertThat(fixture.files.output)
                .containsExactly(
                        "a,2.0,2.0", "c,6.0,6.0", "e,10.0,10.0", "f,12.0,12.0", "g,14.0,14.0");
        assertThat(fixture.files.errors).containsExactly("2,b,666 is cursed", "4,d,not numbers");
        // The first batch (a, b, c, e: d is malformed) failed, then went row by row.
        assertThat(fixture.predictors.batchSizes).containsExactly(4, 1, 1, 1, 1, 2);
    }

    @Test
    void tooManyBadRowsFailTheJobWithAnErrorsFileAndNoOutput() {
        fixture.files.file("a.csv", "a,1,1", "b,666,1", "c,3,3", "d,oops,4");
        long id = fixture.running(JobFixture.spec(1, 10, 100, 0.25));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error())
                .startsWith("2 of 4 rows failed (50.00%), more than maxErrorRatio 0.25 allows");
        assertThat(fixture.files.output).isNull();
        assertThat(fixture.files.errors).hasSize(2);
    }

    @Test
    void stopsEarlyOnceTheErrorsCanNoLongerStayUnderTheRatio() {
        fixture.files.rows("a.csv", 100);
        fixture.predictors.failEveryCallWith = ErrorCode.RUNTIME_FAILURE;
        long id = fixture.running(JobFixture.spec(1, 10, 10, 0.05));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains("10 of 100 rows failed").endsWith("; stopped early");
        assertThat(fixture.files.opened).containsExactly(0);
    }

    @Test
    void resumesWithoutRedoingFinishedShards() {
        fixture.files.rows("a.csv", 10);
        long id = fixture.running(JobFixture.spec(2, 2, 3, 0));
        // A first process planned the job, finished shards 0 and 2, was killed during shard 1.
        fixture.store.savePlan(id, fixture.files.plan(fixture.store.find(id).orElseThrow()));
        fixture.store.force(id, 0, ShardState.DONE);
        fixture.store.force(id, 1, ShardState.RUNNING);
        fixture.store.force(id, 2, ShardState.DONE);
        fixture.files.parts.put(0, List.of("r1,2.0,2.0", "r2,4.0,4.0", "r3,6.0,6.0"));
        fixture.files.errorParts.put(0, List.of());
        fixture.files.parts.put(2, List.of("r7,14.0,14.0", "r8,16.0,16.0", "r9,18.0,18.0"));
        fixture.files.errorParts.put(2, List.of());

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fixture.files.opened).containsExactlyInAnyOrder(1, 3);
        assertThat(fixture.store.shards(id))
                .extracting(Shard::attempts)
                .containsExactly(1, 2, 1, 1);
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 10)
                .forEach(i -> expected.add("r" + i + "," + 2.0 * i + "," + 2.0 * i));
        assertThat(fixture.files.output).isEqualTo(expected);
    }

    @Test
    void aBusyEndpointIsWaitedFor() {
        fixture.files.rows("a.csv", 4);
        fixture.predictors.busyAnswers.set(3);
        long id = fixture.running(JobFixture.spec(1, 4, 10, 0));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fixture.predictors.batchSizes).containsExactly(4, 4, 4, 4);
    }

    @Test
    void aMissingEndpointFailsTheJobWithItsMessage() {
        fixture.files.rows("a.csv", 4);
        fixture.predictors.failEveryCallWith = ErrorCode.ENDPOINT_NOT_FOUND;
        long id = fixture.running(JobFixture.spec(1, 4, 10, 0.5));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("scripted failure");
        assertThat(fixture.files.output).isNull();
    }

    @Test
    void aCancelledRunnerEndsTheJobAsCancelledAndAShutdownLeavesItRunning() {
        fixture.files.rows("a.csv", 4);
        long cancelled = fixture.running(JobFixture.spec(1, 1, 2, 0));
        long shutDown = fixture.running(JobFixture.spec(1, 1, 2, 0));

        JobRunner cancelling = fixture.runner(cancelled);
        cancelling.stop(JobRunner.Stop.CANCEL);
        cancelling.run();
        JobRunner stopping = fixture.runner(shutDown);
        stopping.stop(JobRunner.Stop.SHUTDOWN);
        stopping.run();

        assertThat(fixture.store.find(cancelled).orElseThrow().state())
                .isEqualTo(JobState.CANCELLED);
        assertThat(fixture.store.find(shutDown).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(fixture.files.output).isNull();
    }

    @Test
    void anEmptyInputSucceedsWithNoRows() {
        fixture.files.file("a.csv");
        long id = fixture.running(JobFixture.spec(2, 2, 2, 0));

        BatchJob job = fixture.run(id);

        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.rowsTotal()).isZero();
        assertThat(fixture.files.output).isEmpty();
    }
}
