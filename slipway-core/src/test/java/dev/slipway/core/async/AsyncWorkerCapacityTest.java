package dev.slipway.core.async;

import static dev.slipway.core.async.AsyncWorkerFixture.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.FakeAsyncInvoker;
import dev.slipway.core.testing.InMemoryAsyncStore.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How much a pass claims: two ready copies running two invocations each leave room for four, minus
 * what this process still runs. The invoker holds every answer, so nothing finishes unless a test
 * completes it.
 */
class AsyncWorkerCapacityTest {
    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture(AsyncSpecs.settings(2, 3), 2);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void claimsAtMostReadyCopiesTimesMaxConcurrentPerCopyOldestFirst() {
        fixture.invoker.hold();
        List<String> ids = queueOneASecond(5);

        fixture.worker.passOnce();

        assertThat(fixture.store.claims())
                .containsExactly(new Claim(ENDPOINT, 4, ids.subList(0, 4)));
        fixture.invoker.awaitCalls(4);
        assertThat(fixture.invocation(ids.get(4)).status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(fixture.worker.inFlight(ENDPOINT)).isEqualTo(4);
    }

    @Test
    void claimsOnlyTheRoomTheRunningInvocationsLeave() {
        fixture.invoker.hold();
        List<String> first = queueOneASecond(3);
        fixture.worker.passOnce();
        List<String> later = queueOneASecond(2);

        fixture.worker.passOnce();

        assertThat(fixture.store.claims())
                .containsExactly(
                        new Claim(ENDPOINT, 4, first), new Claim(ENDPOINT, 1, later.subList(0, 1)));
    }

    @Test
    void claimsNothingWhileEverySlotIsTaken() {
        fixture.invoker.hold();
        List<String> ids = queueOneASecond(5);
        fixture.worker.passOnce();

        fixture.worker.passOnce();

        assertThat(fixture.store.claims()).hasSize(1);
        assertThat(fixture.invocation(ids.get(4)).attempts()).isZero();
    }

    @Test
    void claimsMoreOnceAnotherCopyIsReady() {
        fixture.invoker.hold();
        List<String> ids = queueOneASecond(7);
        fixture.worker.passOnce();
        fixture.readyCopies.put(ENDPOINT, 3);

        fixture.worker.passOnce();

        assertThat(fixture.store.claims())
                .containsExactly(
                        new Claim(ENDPOINT, 4, ids.subList(0, 4)),
                        new Claim(ENDPOINT, 2, ids.subList(4, 6)));
    }

    @Test
    void aFinishedInvocationMakesRoomForTheNextWithoutWaitingForTheSchedule() {
        fixture.invoker.hold();
        List<String> ids = queueOneASecond(5);
        fixture.worker.passOnce();
        fixture.invoker.awaitCalls(4);

        fixture.invoker.callFor(ids.get(0)).answer().complete(FakeAsyncInvoker.OUTPUT);

        fixture.invoker.awaitCalls(5);
        assertThat(fixture.invocation(ids.get(0)).status()).isEqualTo(AsyncStatus.SUCCEEDED);
        assertThat(fixture.invocation(ids.get(4)).status()).isEqualTo(AsyncStatus.RUNNING);
        assertThat(fixture.worker.inFlight(ENDPOINT)).isEqualTo(4);
    }

    private List<String> queueOneASecond(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(fixture.queue());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        return ids;
    }
}
