package dev.slipway.core.async;

import static dev.slipway.core.async.AsyncWorkerFixture.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.testing.Eventually;
import dev.slipway.core.testing.FakeAsyncInvoker;
import dev.slipway.core.testing.InMemoryAsyncStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claims whose lease ran out because their worker died or hung: the next claim runs the invocation
 * again while attempts remain, fails it once it was claimed more than {@code maxAttempts} (three)
 * times, and the worker that lost its claim changes nothing.
 */
class AsyncWorkerLeaseTest {
    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void runsAnInvocationAgainWhenItsWorkerDiedWithAttemptsLeft() {
        String id = storeClaimedByDeadWorker(2);

        fixture.passAndSettle();

        AsyncInvocation done = fixture.invocation(id);
        assertThat(done.status()).isEqualTo(AsyncStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(fixture.invoker.calls()).hasSize(1);
    }

    @Test
    void failsAnInvocationClaimedMoreThanMaxAttemptsWithoutRunningIt() {
        String id = storeClaimedByDeadWorker(3);

        fixture.passAndSettle();

        AsyncInvocation failed = fixture.invocation(id);
        assertThat(failed.status()).isEqualTo(AsyncStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.error())
                .isEqualTo("the server stopped while running this invocation 3 times");
        assertThat(fixture.payloads.failure(id))
                .contains("the server stopped while running this invocation 3 times");
        assertThat(fixture.invoker.calls()).isEmpty();
    }

    @Test
    void aWorkerThatLostItsClaimCannotMarkTheInvocationSucceeded() {
        fixture.invoker.hold();
        String id = fixture.queue();
        fixture.worker.passOnce();
        fixture.invoker.awaitCalls(1);
        fixture.clock.advance(
                AsyncWorkerFixture.TIMEOUT
                        .plus(InMemoryAsyncStore.LEASE_GRACE)
                        .plus(Duration.ofSeconds(1)));
        AsyncWorker successor = fixture.otherWorker();
        successor.passOnce();
        fixture.invoker.awaitCalls(2);

        fixture.invoker.calls().get(0).answer().complete(FakeAsyncInvoker.OUTPUT);
        Eventually.waitUntil(
                "the first worker to finish", () -> fixture.worker.inFlight(ENDPOINT) == 0);

        AsyncInvocation stillRunning = fixture.invocation(id);
        assertThat(stillRunning.status()).isEqualTo(AsyncStatus.RUNNING);
        assertThat(stillRunning.attempts()).isEqualTo(2);
        assertThat(fixture.journal).doesNotContain("succeed " + id);
    }

    /** An invocation claimed {@code attempts} times, whose worker's lease ran out a second ago. */
    private String storeClaimedByDeadWorker(int attempts) {
        String id = "crashed";
        Instant claimedAt = fixture.clock.instant();
        fixture.clock.advance(
                AsyncWorkerFixture.TIMEOUT
                        .plus(InMemoryAsyncStore.LEASE_GRACE)
                        .plus(Duration.ofSeconds(1)));
        fixture.payloads.writeInput(id, AsyncWorkerFixture.PAYLOAD);
        fixture.store.insert(
                new AsyncInvocation(
                        id,
                        ENDPOINT,
                        AsyncStatus.RUNNING,
                        AsyncInvocation.INLINE,
                        "application/json",
                        "",
                        null,
                        attempts,
                        3,
                        AsyncWorkerFixture.TIMEOUT,
                        claimedAt,
                        claimedAt.plus(AsyncWorkerFixture.TTL),
                        claimedAt,
                        "dead-worker",
                        claimedAt
                                .plus(AsyncWorkerFixture.TIMEOUT)
                                .plus(InMemoryAsyncStore.LEASE_GRACE),
                        claimedAt,
                        null,
                        null,
                        null,
                        AsyncInvocation.NotificationState.NONE));
        return id;
    }
}
