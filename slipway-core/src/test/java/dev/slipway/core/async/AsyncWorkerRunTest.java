package dev.slipway.core.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.testing.FakeAsyncInvoker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One claimed invocation that runs: what the invoker gets, and how its result is published. */
class AsyncWorkerRunTest {
    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void marksAnAnsweredInvocationSucceededWithTheOutputsContentType() {
        String id = fixture.queue();
        fixture.clock.advance(Duration.ofSeconds(3));
        Instant passAt = fixture.clock.instant();

        fixture.passAndSettle();

        AsyncInvocation done = fixture.invocation(id);
        assertThat(done.status()).isEqualTo(AsyncStatus.SUCCEEDED);
        assertThat(done.outputContentType()).isEqualTo("application/json");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.startedAt()).isEqualTo(passAt);
        assertThat(done.completedAt()).isEqualTo(passAt);
    }

    @Test
    void storesTheAnswerAsTheInvocationsOutput() {
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.payloads.output(id)).contains(FakeAsyncInvoker.OUTPUT.body());
        assertThat(fixture.payloads.failure(id)).isEmpty();
    }

    @Test
    void writesTheOutputBeforeMarkingTheInvocationSucceeded() {
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.journal)
                .containsExactly("claim " + id, "write output " + id, "succeed " + id);
    }

    @Test
    void givesTheInvokerTheStoredPayloadOfTheClaimedInvocation() {
        String id = fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.invoker.calls())
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.payload()).isEqualTo(AsyncWorkerFixture.PAYLOAD);
                            assertThat(call.invocation().id()).isEqualTo(id);
                            assertThat(call.invocation().status()).isEqualTo(AsyncStatus.RUNNING);
                            assertThat(call.invocation().attempts()).isEqualTo(1);
                        });
    }

    @Test
    void requeuesInsteadOfSucceedingWhenTheOutputCannotBeStored() {
        fixture.payloads.failOutputWritesWith("disk full");
        String id = fixture.queue();

        fixture.passAndSettle();

        AsyncInvocation retried = fixture.invocation(id);
        assertThat(retried.status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(retried.notBefore()).isEqualTo(fixture.clock.instant().plusSeconds(1));
        assertThat(retried.error())
                .isEqualTo("could not store the result: java.io.IOException: disk full");
        assertThat(fixture.journal).containsExactly("claim " + id, "retry " + id);
    }

    @Test
    void claimsNothingForAnEndpointWithoutOpenWork() {
        fixture.worker.passOnce();

        assertThat(fixture.store.claims()).isEmpty();
    }

    @Test
    void claimsNothingForWorkOfAnEndpointThatNoLongerExists() {
        fixture.queue("deleted", AsyncWorkerFixture.TTL);
        fixture.readyCopies.put("deleted", 1);

        fixture.worker.passOnce();

        assertThat(fixture.store.claims()).isEmpty();
        assertThat(fixture.copiesWanted).hasValue(0);
    }
}
