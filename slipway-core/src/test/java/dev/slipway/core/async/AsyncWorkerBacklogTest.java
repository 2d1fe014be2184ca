package dev.slipway.core.async;

import static dev.slipway.core.async.AsyncWorkerFixture.ENDPOINT;
import static dev.slipway.core.async.AsyncWorkerFixture.KEEP_WARM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.FakeAsyncInvoker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work for an endpoint scaled to zero: the worker asks the node for a copy, and {@link
 * AsyncWorker#waitsFor} keeps a copy wanted while work is open and for {@code keepWarm} (five
 * minutes) after the last pass that saw it.
 */
class AsyncWorkerBacklogTest {
    private final AsyncWorkerFixture fixture = new AsyncWorkerFixture(AsyncSpecs.settings(1, 3), 0);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void asksForACopyWhenWorkWaitsForAnEndpointWithoutReadyCopies() {
        String id = fixture.queue();

        fixture.worker.passOnce();

        assertThat(fixture.copiesWanted).hasValue(1);
        assertThat(fixture.store.claims()).isEmpty();
        assertThat(fixture.invocation(id).status()).isEqualTo(AsyncStatus.QUEUED);
    }

    @Test
    void asksOncePerPassHoweverManyEndpointsWait() {
        fixture.endpoints.insert(AsyncSpecs.endpoint("ranking", AsyncSpecs.settings(1, 3)));
        fixture.queue();
        fixture.queue("ranking", AsyncWorkerFixture.TTL);

        fixture.worker.passOnce();

        assertThat(fixture.copiesWanted).hasValue(1);
    }

    @Test
    void doesNotAskForACopyWithoutWaitingWork() {
        fixture.worker.passOnce();

        assertThat(fixture.copiesWanted).hasValue(0);
    }

    @Test
    void doesNotAskForACopyWhenTheEndpointHasAReadyOne() {
        fixture.readyCopies.put(ENDPOINT, 1);
        fixture.queue();

        fixture.passAndSettle();

        assertThat(fixture.copiesWanted).hasValue(0);
    }

    @Test
    void waitsForAnEndpointWhileItsWorkIsOpen() {
        fixture.queue();

        fixture.worker.passOnce();

        assertThat(fixture.worker.waitsFor(ENDPOINT)).isTrue();
        assertThat(fixture.worker.waitsFor("ranking")).isFalse();
    }

    @Test
    void keepsWaitingPastKeepWarmWhileTheWorkIsStillOpen() {
        fixture.queue();
        fixture.worker.passOnce();

        fixture.clock.advance(KEEP_WARM.multipliedBy(2));
        fixture.worker.passOnce();

        assertThat(fixture.worker.waitsFor(ENDPOINT)).isTrue();
    }

    @Test
    void keepsWaitingForKeepWarmAfterTheWorkIsDone() {
        fixture.readyCopies.put(ENDPOINT, 1);
        fixture.queue();
        fixture.passAndSettle();

        fixture.clock.advance(KEEP_WARM.minusMillis(1));
        fixture.worker.passOnce();
        assertThat(fixture.worker.waitsFor(ENDPOINT)).isTrue();

        fixture.clock.advance(Duration.ofMillis(1));
        fixture.worker.passOnce();
        assertThat(fixture.worker.waitsFor(ENDPOINT)).isFalse();
    }

    @Test
    void countsKeepWarmFromTheLastPassThatSawWork() {
        fixture.readyCopies.put(ENDPOINT, 1);
        fixture.invoker.hold();
        fixture.queue();
        fixture.worker.passOnce();
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.worker.passOnce();
        fixture.invoker.awaitCalls(1);
        fixture.invoker.calls().getFirst().answer().complete(FakeAsyncInvoker.OUTPUT);
        fixture.awaitSettled();

        fixture.clock.advance(KEEP_WARM.minusMillis(1));
        fixture.worker.passOnce();

        assertThat(fixture.worker.waitsFor(ENDPOINT)).isTrue();
    }
}
