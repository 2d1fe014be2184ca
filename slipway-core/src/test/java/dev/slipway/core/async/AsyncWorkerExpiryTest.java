package dev.slipway.core.async;

import static dev.slipway.core.async.AsyncWorkerFixture.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.testing.AsyncSpecs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invocations that wait in the queue past their time to live. The endpoint has no ready copy, so
 * nothing runs and the passes only expire.
 */
class AsyncWorkerExpiryTest {
    private static final Duration TTL = Duration.ofSeconds(10);

    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture(AsyncSpecs.settings(1, 3), 0);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void expiresAQueuedInvocationPastItsTimeToLive() {
        String id = fixture.queue(ENDPOINT, TTL);
        fixture.clock.advance(Duration.ofSeconds(11));

        fixture.worker.passOnce();

        AsyncInvocation expired = fixture.invocation(id);
        assertThat(expired.status()).isEqualTo(AsyncStatus.EXPIRED);
        assertThat(expired.error())
                .isEqualTo("expired after waiting 11s in the queue (time to live 10s)");
        assertThat(expired.completedAt()).isEqualTo(fixture.clock.instant());
        assertThat(expired.attempts()).isZero();
    }

    @Test
    void writesTheFailureRecordBeforeMarkingTheInvocationExpired() {
        String id = fixture.queue(ENDPOINT, TTL);
        fixture.clock.advance(Duration.ofSeconds(11));

        fixture.worker.passOnce();

        assertThat(fixture.payloads.failure(id))
                .contains("expired after waiting 11s in the queue (time to live 10s)");
        assertThat(fixture.journal).containsExactly("write failure " + id, "expire " + id);
    }

    @Test
    void leavesAnInvocationWithinItsTimeToLiveQueued() {
        String id = fixture.queue(ENDPOINT, TTL);
        fixture.clock.advance(TTL);

        fixture.worker.passOnce();

        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(fixture.journal).isEmpty();
    }

    @Test
    void expiresOnALaterPassWhenTheFailureRecordCannotBeWrittenYet() {
        String id = fixture.queue(ENDPOINT, TTL);
        fixture.clock.advance(Duration.ofSeconds(11));
        fixture.payloads.failFailureWritesWith("disk full");
        fixture.worker.passOnce();
        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
        fixture.payloads.stopFailing();
        fixture.clock.advance(Duration.ofSeconds(1));

        fixture.worker.passOnce();

        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.EXPIRED);
        assertThat(fixture.invocation(id).error())
                .isEqualTo("expired after waiting 12s in the queue (time to live 10s)");
    }

    @Test
    void stopsAskingForACopyOnceTheOnlyWaitingInvocationExpired() {
        fixture.queue(ENDPOINT, TTL);
        fixture.clock.advance(Duration.ofSeconds(11));

        fixture.worker.passOnce();

        assertThat(fixture.copiesWanted).hasValue(0);
    }
}
