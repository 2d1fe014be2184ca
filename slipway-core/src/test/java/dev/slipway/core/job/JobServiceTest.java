package dev.slipway.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creating, listing and cancelling jobs; the scheduler's decisions, one pass at a time. */
class JobServiceTest {
    private final JobFixture fixture = new JobFixture();
    private final JobScheduler scheduler = fixture.scheduler(1);
    private final JobService service = fixture.service(scheduler);

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void createStoresAQueuedJobWithTheResolvedFormatAndLocations() {
        JobStatus created = service.create("nightly", JobFixture.spec(2, 10, 10, 0));

        BatchJob job = created.job();
        assertThat(job.id()).isEqualTo(1);
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.spec().format()).isEqualTo(InputFormat.CSV);
        assertThat(job.locations().errors()).isEqualTo("out.csv.errors.csv");
        assertThat(job.version()).isNull(); // an endpoint target is not pinned
        assertThat(fixture.events.types()).containsExactly("job.created");
        assertThat(service.recent("nightly", 10)).hasSize(1);
        assertThat(service.recent("other", 10)).isEmpty();
    }

    @Test
    void refusesATakenNameAMissingTargetABadPathAndABusyOutput() {
        service.create("nightly", JobFixture.spec(1, 1, 1, 0));
        JobSpec base = JobFixture.spec(1, 1, 1, 0);

        assertThatThrownBy(() -> service.create("nightly", base))
                .isInstanceOf(SlipwayException.class)
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.JOB_EXISTS);
        assertThatThrownBy(() -> service.create("Bad Name", base))
                .hasMessageStartingWith("name 'Bad Name' is invalid");
        JobSpec missing =
                new JobSpec(
                        new JobTarget.OnEndpoint("missing"),
                        "in",
                        "o",
                        null,
                        null,
                        null,
                        1,
                        1,
                        1,
                        0);
        assertThatThrownBy(() -> service.create(null, missing))
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.ENDPOINT_NOT_FOUND);
        JobSpec escaping =
                new JobSpec(
                        new JobTarget.OnEndpoint("sample"),
                        "../x",
                        "o",
                        null,
                        null,
                        null,
                        1,
                        1,
                        1,
                        0);
        assertThatThrownBy(() -> service.create(null, escaping))
                .hasMessage("input escapes the root");
        assertThatThrownBy(() -> service.create(null, base))
                .hasMessage(
                        "output 'out.csv' is already the output of job 1 (nightly), which has not"
                                + " finished");
    }

    @Test
    void aQueuedJobCancelledBeforeItRunsIsCancelledByTheNextPass() {
        fixture.files.rows("a.csv", 3);
        long id = service.create(null, JobFixture.spec(1, 1, 1, 0)).job().id();

        JobStatus requested = service.cancel(id);
        scheduler.reconcileOnce();

        assertThat(requested.job().cancelRequested()).isTrue();
        assertThat(service.get(id).job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(fixture.events.types())
                .containsExactly("job.created", "job.cancel-requested", "job.cancelled");
        assertThatThrownBy(() -> service.cancel(id))
                .isInstanceOf(SlipwayException.class)
                .hasMessage("job 1 has already ended (cancelled)")
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.JOB_ENDED);
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertThatThrownBy(() -> service.get(42))
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.JOB_NOT_FOUND);
        assertThatThrownBy(() -> service.cancel(42))
                .extracting(e -> ((SlipwayException) e).code())
                .isEqualTo(ErrorCode.JOB_NOT_FOUND);
    }

    @Test
    void aJobLeftRunningByADeadProcessIsResumed() {
        fixture.files.rows("a.csv", 3);
        long id = fixture.running(JobFixture.spec(1, 1, 1, 0));

        scheduler.reconcileOnce();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (scheduler.progress(id).isPresent() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the runner works on its own thread
        }

        assertThat(fixture.events.types()).startsWith("job.resumed");
        assertThat(service.get(id).job().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aRunningJobShowsRowsPerSecondWhenItHasFinished() {
        fixture.files.rows("a.csv", 3);
        long id = fixture.running(JobFixture.spec(1, 1, 1, 0));
        fixture.clock.advance(java.time.Duration.ofSeconds(1));
        fixture.run(id);

        JobStatus status = service.get(id);

        assertThat(status.rowsDone()).isEqualTo(3);
        assertThat(status.remaining()).isZero();
    }
}
