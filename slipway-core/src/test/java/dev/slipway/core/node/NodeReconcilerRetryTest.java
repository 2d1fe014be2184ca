package dev.slipway.core.node;

import static dev.slipway.core.testing.EndpointSpecs.endpoint;
import static dev.slipway.core.testing.EndpointSpecs.withCopies;
import static dev.slipway.core.testing.EndpointSpecs.withVersion;
import static dev.slipway.core.testing.Failures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.node.EndpointStatus.State;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.testing.InMemoryPlatform;
import dev.slipway.core.testing.SampleModel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failed loads: what the status says, what keeps serving, and when the next attempt runs. */
class NodeReconcilerRetryTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final LocalNode node = new LocalNode(8);
    private final NodeReconciler reconciler =
            new NodeReconciler(
                    platform.endpointStore,
                    platform.registry,
                    platform.loader,
                    node,
                    platform.events,
                    platform.clock);
    private final ModelVersion first = platform.storeVersion("fraud", 1);
    private final ModelVersion second = platform.storeVersion("fraud", 2);

    @AfterEach
    void unloadEverything() {
        reconciler.close();
    }

    @Test
    void aFailedLoadMarksTheEndpointFailedWithTheReason() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));

        reconciler.reconcileOnce();

        assertThat(node.serving("scoring")).isEmpty();
        assertThat(node.status("scoring"))
                .isEqualTo(
                        new EndpointStatus(
                                State.FAILED,
                                0,
                                0,
                                "loading fraud:1 failed (attempt 1, retry in 5s): artifact "
                                        + first.artifact().sha256().substring(0, 12)
                                        + " does not load as fake: corrupt header"));
        assertThat(platform.events.types()).containsExactly("endpoint.load-failed");
    }

    @Test
    void theServingVersionKeepsServingWhileTheNewOneFailsToLoad() {
        Endpoint endpoint = endpoint("scoring", first.id(), 1);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        Copy serving = node.serving("scoring").orElseThrow().copies().getFirst();
        platform.runtime.failLoadsWith("corrupt header");

        store(withVersion(endpoint, second.id()));
        reconciler.reconcileOnce();

        EndpointStatus status = node.status("scoring");
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.readyCopies()).isEqualTo(1);
        assertThat(status.servingVersion()).isEqualTo(1);
        assertThat(status.message()).endsWith("corrupt header; still serving fraud:1");
        assertThat(serving.isClosed()).isFalse();
        assertThat(resultOf(node.infer("scoring", null, SampleModel.request(1, 2))).version())
                .isEqualTo(first.id());
    }

    @Test
    void unloadsTheCopiesThatLoadedWhenALaterOneFails() {
        platform.runtime.failLoadsAfter(1, "out of memory");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 2));

        reconciler.reconcileOnce();

        assertThat(platform.runtime.loaded())
                .singleElement()
                .satisfies(predictor -> assertThat(predictor.isClosed()).isTrue());
        assertThat(node.serving("scoring")).isEmpty();
    }

    @Test
    void retriesOnlyOnceTheBackoffHasElapsed() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));
        reconciler.reconcileOnce();
        platform.runtime.allowLoads();

        platform.clock.advance(Duration.ofMillis(4_999));
        reconciler.reconcileOnce();

        assertThat(platform.runtime.loadAttempts()).isEqualTo(1);
        assertThat(node.status("scoring").state()).isEqualTo(State.FAILED);

        platform.clock.advance(Duration.ofMillis(1));
        reconciler.reconcileOnce();

        assertThat(platform.runtime.loadAttempts()).isEqualTo(2);
        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 1, 1, ""));
    }

    @Test
    void theBackoffDoublesAndTheFailureIsRecordedOncePerSpec() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));
        reconciler.reconcileOnce();

        platform.clock.advance(Duration.ofSeconds(5));
        reconciler.reconcileOnce();

        assertThat(node.status("scoring").message())
                .startsWith("loading fraud:1 failed (attempt 2, retry in 10s)");
        assertThat(platform.events.types()).containsExactly("endpoint.load-failed");
    }

    @Test
    void theBackoffStopsGrowingAtFiveMinutes() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));

        for (int attempt = 1; attempt <= 8; attempt++) {
            reconciler.reconcileOnce();
            platform.clock.advance(Duration.ofMinutes(5));
        }

        assertThat(node.status("scoring").message())
                .startsWith("loading fraud:1 failed (attempt 8, retry in 300s)");
    }

    @Test
    void aSpecChangeRetriesAtOnce() {
        platform.runtime.failLoadsWith("corrupt header");
        Endpoint endpoint = endpoint("scoring", first.id(), 1);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        platform.runtime.allowLoads();

        store(withCopies(endpoint, 2));
        reconciler.reconcileOnce();

        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 2, 1, ""));
    }

    @Test
    void anEndpointRecreatedAfterAFailedOneWasDeletedLoadsAtOnce() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));
        reconciler.reconcileOnce();
        platform.endpointStore.delete("scoring");
        reconciler.reconcileOnce();
        platform.runtime.allowLoads();

        platform.endpointStore.insert(endpoint("scoring", second.id(), 1));
        reconciler.reconcileOnce();

        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 1, 2, ""));
    }

    @Test
    void aDeletedEndpointThatNeverServedLeavesNoStatusBehind() {
        platform.runtime.failLoadsWith("corrupt header");
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));
        reconciler.reconcileOnce();

        platform.endpointStore.delete("scoring");
        reconciler.reconcileOnce();

        assertThat(node.status("scoring")).isEqualTo(EndpointStatus.pending());
    }

    private void store(Endpoint next) {
        platform.endpointStore.update(next, next.generation() - 1);
    }
}
