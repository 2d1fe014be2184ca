package dev.slipway.core.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.FakeAsyncInvoker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failed attempts: retryable ones go back to the queue with exponential backoff until the
 * endpoint's {@code maxAttempts} (three here); the others fail at once with a failure record.
 */
class AsyncWorkerRetryTest {
    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(
            names = {"QUEUE_FULL", "ENDPOINT_NOT_READY", "TIMEOUT", "RUNTIME_FAILURE", "INTERNAL"})
    void requeuesARetryableFailureForOneSecondLater(ErrorCode code) {
        fixture.invoker.failWith(code, "the copy gave up");
        String id = fixture.queue();

        fixture.passAndSettle();

        AsyncInvocation retried = fixture.invocation(id);
        assertThat(retried.status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.notBefore()).isEqualTo(fixture.clock.instant().plusSeconds(1));
        assertThat(retried.error()).isEqualTo("the copy gave up");
        assertThat(fixture.payloads.failure(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            mode = EnumSource.Mode.EXCLUDE,
            names = {"QUEUE_FULL", "ENDPOINT_NOT_READY", "TIMEOUT", "RUNTIME_FAILURE", "INTERNAL"})
    void failsANonRetryableFailureAtOnceWithAFailureRecord(ErrorCode code) {
        fixture.invoker.failWith(code, "feature 'amount' is missing");
        String id = fixture.queue();

        fixture.passAndSettle();

        AsyncInvocation failed = fixture.invocation(id);
        assertThat(failed.status()).isEqualTo(AsyncStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.error()).isEqualTo("feature 'amount' is missing");
        assertThat(failed.completedAt()).isEqualTo(fixture.clock.instant());
        assertThat(fixture.payloads.failure(id)).contains("feature 'amount' is missing");
        assertThat(fixture.invoker.calls()).hasSize(1);
    }

    @Test
    void writesTheFailureRecordBeforeMarkingTheInvocationFailed() {
        fixture.invoker.failWith(ErrorCode.INVALID_INPUT, "feature 'amount' is missing");
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.journal)
                .containsExactly("claim " + id, "write failure " + id, "fail " + id);
    }

    @Test
    void retriesAFailureWithoutAnErrorCodeAsARuntimeFailure() {
        fixture.invoker.failWith(new IllegalStateException("native crash"));
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(fixture.invocation(id).error()).isEqualTo("native crash");
    }

    @Test
    void retriesWhenTheInputCannotBeRead() {
        fixture.payloads.failInputReadsWith("volume gone");
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(fixture.invocation(id).error())
                .isEqualTo(
                        "could not read the invocation's input: java.io.IOException: volume gone");
        assertThat(fixture.invoker.calls()).isEmpty();
    }

    @Test
    void doesNotRunARetryBeforeItsBackoffHasPassed() {
        fixture.invoker.failWith(ErrorCode.TIMEOUT, "took too long");
        String id = fixture.queue();
        fixture.passAndSettle();

        fixture.clock.advance(Duration.ofMillis(999));
        fixture.worker.passOnce();

        assertThat(fixture.invoker.calls()).hasSize(1);
        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(fixture.invocation(id).attempts()).isEqualTo(1);
    }

    @Test
    void waitsOneThenTwoThenFourSecondsBetweenAttempts() {
        try (AsyncWorkerFixture fourAttempts =
                new AsyncWorkerFixture(AsyncSpecs.settings(1, 4), 1)) {
            fourAttempts.invoker.failWith(ErrorCode.TIMEOUT, "took too long");
            String id = fourAttempts.queue();

            List<Duration> waits = new ArrayList<>();
            for (int attempt = 1; attempt <= 3; attempt++) {
                fourAttempts.passAndSettle();
                Instant notBefore = fourAttempts.invocation(id).notBefore();
                waits.add(Duration.between(fourAttempts.clock.instant(), notBefore));
                fourAttempts.clock.advance(waits.getLast());
            }

            assertThat(waits)
                    .containsExactly(
                            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
    }

    @Test
    void failsARetryableFailureForGoodOnTheLastAttempt() {
        fixture.invoker.failWith(ErrorCode.TIMEOUT, "took too long");
        String id = fixture.queue();

        fixture.passAndSettle();
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.passAndSettle();
        fixture.clock.advance(Duration.ofSeconds(2));
        fixture.passAndSettle();

        AsyncInvocation failed = fixture.invocation(id);
        assertThat(failed.status()).isEqualTo(AsyncStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).isEqualTo("took too long (after 3 attempts)");
        assertThat(fixture.payloads.failure(id)).contains("took too long (after 3 attempts)");
        assertThat(fixture.invoker.calls()).hasSize(3);
    }

    @Test
    void succeedsOnALaterAttemptAfterARetryableFailure() {
        fixture.invoker.failWith(ErrorCode.QUEUE_FULL, "queue of scoring is full");
        String id = fixture.queue();
        fixture.passAndSettle();
        fixture.invoker.answerWith(FakeAsyncInvoker.OUTPUT);

        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.passAndSettle();

        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.SUCCEEDED);
        assertThat(fixture.invocation(id).attempts()).isEqualTo(2);
        assertThat(fixture.payloads.output(id)).contains(FakeAsyncInvoker.OUTPUT.body());
    }

    @Test
    void requeuesAFailureWhoseRecordCannotBeWritten() {
        fixture.invoker.failWith(ErrorCode.INVALID_INPUT, "feature 'amount' is missing");
        fixture.payloads.failFailureWritesWith("disk full");
        String id = fixture.queue();

        fixture.passAndSettle();

        AsyncInvocation requeued = fixture.invocation(id);
        assertThat(requeued.status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(requeued.notBefore()).isEqualTo(fixture.clock.instant().plusSeconds(1));
        assertThat(fixture.journal).doesNotContain("fail " + id);
    }

    @Test
    void backoffDoublesFromOneSecondAndStopsAtAMinute() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(AsyncWorker::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(32),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(1));
    }

    @Test
    void backoffNeverPassesAMinuteHoweverManyAttempts() {
        assertThat(AsyncWorker.backoff(100)).isEqualTo(Duration.ofMinutes(1));
        assertThat(AsyncWorker.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
    }
}
