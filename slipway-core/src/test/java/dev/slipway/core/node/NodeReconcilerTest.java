package dev.slipway.core.node;

import static dev.slipway.core.testing.EndpointSpecs.endpoint;
import static dev.slipway.core.testing.EndpointSpecs.withCopies;
import static dev.slipway.core.testing.EndpointSpecs.withCores;
import static dev.slipway.core.testing.EndpointSpecs.withVersion;
import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.Failures.resultOf;
import static dev.slipway.core.testing.SampleModel.input;
import static dev.slipway.core.testing.SampleModel.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.node.EndpointStatus.State;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.testing.FakePredictor;
import dev.slipway.core.testing.InMemoryPlatform;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One reconcile pass over stored endpoints: what it loads, serves, retires and reports. */
class NodeReconcilerTest {
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
    void loadsTheCopiesOfANewEndpointAndServesItsVersion() {
        platform.endpointStore.insert(endpoint("scoring", first.id(), 2));

        reconciler.reconcileOnce();

        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 2, 1, ""));
        assertThat(servingCopies()).hasSize(2);
        assertThat(platform.runtime.loaded()).hasSize(2);
        assertThat(platform.events.types()).containsExactly("endpoint.ready");
        assertThat(platform.events.last().message()).isEqualTo("serving fraud:1 with 2 copies");
        Served served = resultOf(node.infer("scoring", null, SampleModel.request(1, 2)));
        assertThat(served.version()).isEqualTo(first.id());
    }

    @Test
    void aSecondPassOverTheSameStateChangesNothing() {
        platform.endpointStore.insert(endpoint("scoring", first.id(), 2));
        reconciler.reconcileOnce();
        List<Copy> copies = servingCopies();

        reconciler.reconcileOnce();

        assertThat(servingCopies()).isEqualTo(copies);
        assertThat(platform.runtime.loadAttempts()).isEqualTo(2);
        assertThat(platform.events.types()).containsExactly("endpoint.ready");
        assertThat(node.status("scoring").state()).isEqualTo(State.READY);
    }

    @Test
    void givesEachCopyAWorkerPerReservedCoreRoundedUpAndSingleThreadedPredictions() {
        platform.endpointStore.insert(withCores(endpoint("scoring", first.id(), 1), 1.5));

        reconciler.reconcileOnce();

        assertThat(servingCopies().getFirst().workerThreads()).isEqualTo(2);
        assertThat(platform.runtime.loaded().getFirst().threads()).isEqualTo(1);
    }

    @Test
    void swapsVersionsAndClosesTheOldCopyOnlyAfterItsInFlightRequestFinished() {
        Endpoint endpoint = endpoint("scoring", first.id(), 1);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        Copy oldCopy = servingCopies().getFirst();
        FakePredictor oldPredictor = (FakePredictor) oldCopy.predictor();
        oldPredictor.holdPredictions();
        CompletableFuture<Served> inFlight = node.infer("scoring", null, SampleModel.request(1, 2));
        oldPredictor.awaitHeldPredictions(1);

        store(withVersion(endpoint, second.id()));
        reconciler.reconcileOnce();

        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 1, 2, ""));
        assertThat(servingCopies()).doesNotContain(oldCopy);
        assertThat(oldCopy.isClosed()).isFalse();
        oldPredictor.releasePredictions();
        assertThat(resultOf(inFlight).version()).isEqualTo(first.id());
        oldPredictor.awaitClosed();
        assertThat(oldCopy.isClosed()).isTrue();
        Served next = resultOf(node.infer("scoring", null, SampleModel.request(1, 2)));
        assertThat(next.version()).isEqualTo(second.id());
        assertThat(next.result().outputs()).containsExactly(output(2, 4));
    }

    @Test
    void changingTheCoresReloadsEveryCopyWithTheNewThreadCount() {
        Endpoint endpoint = endpoint("scoring", first.id(), 2);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        List<Copy> before = servingCopies();

        store(withCores(endpoint, 2));
        reconciler.reconcileOnce();

        assertThat(servingCopies()).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(before).allSatisfy(copy -> assertThat(copy.isClosed()).isTrue());
        assertThat(servingCopies())
                .allSatisfy(copy -> assertThat(copy.workerThreads()).isEqualTo(2));
    }

    @Test
    void scalingDownKeepsTheFirstCopiesAndRetiresTheRest() {
        Endpoint endpoint = endpoint("scoring", first.id(), 3);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        List<Copy> before = servingCopies();

        store(withCopies(endpoint, 1));
        reconciler.reconcileOnce();

        assertThat(servingCopies()).containsExactly(before.getFirst());
        assertThat(before.getFirst().isClosed()).isFalse();
        assertThat(before.subList(1, 3)).allSatisfy(copy -> assertThat(copy.isClosed()).isTrue());
        assertThat(platform.runtime.loadAttempts()).isEqualTo(3);
        assertThat(node.status("scoring")).isEqualTo(new EndpointStatus(State.READY, 1, 1, ""));
    }

    @Test
    void scalingUpKeepsTheLoadedCopiesAndLoadsOnlyTheMissingOnes() {
        Endpoint endpoint = endpoint("scoring", first.id(), 1);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        Copy kept = servingCopies().getFirst();

        store(withCopies(endpoint, 3));
        reconciler.reconcileOnce();

        assertThat(servingCopies()).hasSize(3).startsWith(kept);
        assertThat(kept.isClosed()).isFalse();
        assertThat(platform.runtime.loadAttempts()).isEqualTo(3);
    }

    @Test
    void zeroCopiesStopsTheEndpointAndUnloadsIt() {
        Endpoint endpoint = endpoint("scoring", first.id(), 2);
        platform.endpointStore.insert(endpoint);
        reconciler.reconcileOnce();
        List<Copy> before = servingCopies();

        store(withCopies(endpoint, 0));
        reconciler.reconcileOnce();

        assertThat(node.serving("scoring")).isEmpty();
        assertThat(before).allSatisfy(copy -> assertThat(copy.isClosed()).isTrue());
        assertThat(node.status("scoring"))
                .isEqualTo(new EndpointStatus(State.STOPPED, 0, 0, "copies is 0"));
        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));
        assertThat(failure.code()).isEqualTo(ErrorCode.ENDPOINT_NOT_READY);
        assertThat(failure)
                .hasMessage("endpoint 'scoring' has no ready copy (state: stopped, copies is 0)");
    }

    @Test
    void aDeletedEndpointIsUnloadedAndForgotten() {
        platform.endpointStore.insert(endpoint("scoring", first.id(), 2));
        reconciler.reconcileOnce();
        List<Copy> before = servingCopies();

        platform.endpointStore.delete("scoring");
        reconciler.reconcileOnce();

        assertThat(node.serving("scoring")).isEmpty();
        assertThat(node.knows("scoring")).isFalse();
        assertThat(node.status("scoring")).isEqualTo(EndpointStatus.pending());
        assertThat(before).allSatisfy(copy -> assertThat(copy.isClosed()).isTrue());
        assertThat(platform.events.types()).containsExactly("endpoint.ready", "endpoint.unloaded");
        assertThat(failureOf(node.infer("scoring", null, SampleModel.request(1, 2))).code())
                .isEqualTo(ErrorCode.ENDPOINT_NOT_FOUND);
    }

    @Test
    void warmsEachCopyUpWithTheFirstGoldenExample() {
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));
        GoldenExample other = SampleModel.golden("other", input(3, 4), output(6, 8));
        ModelVersion version = platform.storeVersion("churn", 2, doubled, other);
        platform.endpointStore.insert(endpoint("retention", version.id(), 1));

        reconciler.reconcileOnce();

        FakePredictor predictor = platform.runtime.loaded().getFirst();
        assertThat(predictor.requests())
                .singleElement()
                .satisfies(request -> assertThat(request.inputs()).containsExactly(input(1, 2)));
        assertThat(node.status("retention").state()).isEqualTo(State.READY);
    }

    @Test
    void warmsACopyWithoutGoldenExamplesUpOnARowOfZeros() {
        platform.endpointStore.insert(endpoint("scoring", first.id(), 1));

        reconciler.reconcileOnce();

        Tensor zeros = Tensor.ofFloats("x", new long[] {1, 2}, new float[2]);
        assertThat(platform.runtime.loaded().getFirst().requests())
                .singleElement()
                .satisfies(request -> assertThat(request.inputs()).containsExactly(zeros));
    }

    @Test
    void aGoldenMismatchDuringWarmUpFailsTheLoadAndClosesTheCopy() {
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));
        ModelVersion echoing = platform.storeVersion("churn", 1, doubled);
        platform.endpointStore.insert(endpoint("retention", echoing.id(), 1));

        reconciler.reconcileOnce();

        assertThat(node.serving("retention")).isEmpty();
        assertThat(node.status("retention").state()).isEqualTo(State.FAILED);
        assertThat(node.status("retention").message())
                .contains(
                        "warm-up with golden example failed: example 'doubled' output 'y'"
                                + " element 0: expected 2.0, got 1.0");
        assertThat(platform.runtime.loaded().getFirst().isClosed()).isTrue();
    }

    private List<Copy> servingCopies() {
        return node.serving("scoring").orElseThrow().copies();
    }

    private void store(Endpoint next) {
        platform.endpointStore.update(next, next.generation() - 1);
    }
}
