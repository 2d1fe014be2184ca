package dev.slipway.core.rollout;

import static dev.slipway.core.testing.SampleModel.golden;
import static dev.slipway.core.testing.SampleModel.input;
import static dev.slipway.core.testing.SampleModel.output;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.event.Event;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.core.testing.EndpointSpecs;
import dev.slipway.core.testing.FakeCandidateView;
import dev.slipway.core.testing.FakeClock;
import dev.slipway.core.testing.FakeGuardrailMetrics;
import dev.slipway.core.testing.FakeMirrorCaptures;
import dev.slipway.core.testing.InMemoryPlatform;
import dev.slipway.core.testing.InMemoryRolloutStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoint {@code scoring} serving {@code fraud:1}, a {@code fraud:2} with one golden example, and
 * the rollout engine wired over fakes. Tests start from stored state (through the service or {@link
 * #store}) and run one reconciler pass at a time.
 */
final class RolloutFixture implements AutoCloseable {
    static final String ENDPOINT = "scoring";
    static final GoldenExample GOLDEN = golden("doubles", input(1, 2), output(2, 4));

    final InMemoryPlatform platform = new InMemoryPlatform();
    final FakeClock clock = platform.clock;
    final InMemoryRolloutStore rollouts = new InMemoryRolloutStore();
    final FakeCandidateView view = new FakeCandidateView();
    final FakeGuardrailMetrics metrics = new FakeGuardrailMetrics();
    final FakeMirrorCaptures captures = new FakeMirrorCaptures();
    final AtomicInteger endpointsChanged = new AtomicInteger();
    final ModelVersionId from = platform.storeVersion("fraud", 1).id();
    final ModelVersionId to = platform.storeVersion("fraud", 2, GOLDEN).id();
    final RolloutReconciler reconciler =
            new RolloutReconciler(
                    rollouts,
                    platform.endpointStore,
                    view,
                    metrics,
                    captures,
                    platform.registry,
                    platform.events,
                    clock,
                    endpointsChanged::incrementAndGet);
    final RolloutService service =
            new RolloutService(
                    rollouts,
                    platform.endpointStore,
                    platform.registry,
                    platform.events,
                    clock,
                    () -> {});

    RolloutFixture() {
        platform.endpointStore.insert(EndpointSpecs.endpoint(ENDPOINT, from, 1));
    }

    /** What one pass wrote: the events it appended and how many rows it wrote. */
    record Pass(List<Event> events, int endpointWrites, int rolloutWrites) {
        /** {@code subject type} of each event, e.g. {@code rollout/1 rollout.step}. */
        List<String> types() {
            return events.stream().map(event -> event.subject() + " " + event.type()).toList();
        }

        String message(String type) {
            return events.stream()
                    .filter(event -> event.type().equals(type))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " event in " + events))
                    .message();
        }

        Pass assertNothingWritten() {
            if (!events.isEmpty() || endpointWrites != 0 || rolloutWrites != 0) {
                throw new AssertionError("expected no writes, got " + this);
            }
            return this;
        }
    }

    Rollout start(RolloutSpec spec) {
        return service.start(ENDPOINT, to.toString(), spec);
    }

    /** One reconciler pass. */
    Pass pass() {
        int events = platform.events.all().size();
        int endpointWrites = platform.endpointStore.writes();
        int rolloutWrites = rollouts.writes();
        reconciler.reconcileOnce();
        List<Event> all = platform.events.all();
        return new Pass(
                all.subList(events, all.size()),
                platform.endpointStore.writes() - endpointWrites,
                rollouts.writes() - rolloutWrites);
    }

    /** Passes until the stored rollout reaches {@code phase}; fails after ten. */
    Rollout passUntil(Phase phase) {
        for (int i = 0; i < 10 && rollout().phase() != phase; i++) {
            pass();
        }
        if (rollout().phase() != phase) {
            throw new AssertionError("still " + rollout().phase() + ", never reached " + phase);
        }
        return rollout();
    }

    /** The newest stored rollout. */
    Rollout rollout() {
        return rollouts.recent(ENDPOINT, 1).getFirst();
    }

    Endpoint endpoint() {
        return platform.endpointStore.find(ENDPOINT).orElseThrow();
    }

    VersionStatus status(ModelVersionId version) {
        return platform.registry.version(version).status();
    }

    Integer champion() {
        return platform.registry.aliases("fraud").get("champion");
    }

    /** The endpoint names {@code fraud@champion}, and the alias points at its primary. */
    void followChampion() {
        Endpoint endpoint = endpoint();
        platform.registryStore.setAlias("fraud", "champion", endpoint.version().version());
        writeEndpoint(
                endpoint.withServing(
                        new ModelRef.Aliased("fraud", "champion"),
                        endpoint.version(),
                        endpoint.traffic(),
                        clock.instant()));
    }

    /**
     * Stores a rollout of {@code fraud:1 -> fraud:2} in the phase and step, begun now, and the
     * endpoint (and its alias) as earlier passes would have left them.
     */
    Rollout store(RolloutSpec spec, Phase phase, int step, boolean shadowDone) {
        Rollout stored = rollouts.insert(rollout(0, spec, phase, step, shadowDone));
        RolloutPlanner.Serving serving = RolloutPlanner.serving(stored);
        Endpoint endpoint = endpoint();
        if (endpoint.ref() instanceof ModelRef.Aliased) {
            platform.registryStore.setAlias("fraud", "champion", serving.primary().version());
        }
        ModelRef ref =
                endpoint.ref() instanceof ModelRef.Aliased
                        ? endpoint.ref()
                        : new ModelRef.Pinned("fraud", serving.primary().version());
        writeEndpoint(
                endpoint.withServing(ref, serving.primary(), serving.traffic(), clock.instant()));
        if (phase == Phase.KEEPING_PREVIOUS) {
            platform.registryStore.updateStatus(to, VersionStatus.SERVING);
            platform.registryStore.updateStatus(from, VersionStatus.PREVIOUS);
        }
        return stored;
    }

    Rollout store(RolloutSpec spec, Phase phase, int step) {
        return store(spec, phase, step, false);
    }

    /** A rollout of {@code fraud:1 -> fraud:2} as it would be stored, begun now. */
    Rollout rollout(long id, RolloutSpec spec, Phase phase, int step, boolean shadowDone) {
        return new Rollout(
                id,
                ENDPOINT,
                from,
                to,
                spec,
                phase,
                step,
                clock.instant(),
                null,
                "",
                shadowDone,
                null,
                1,
                clock.instant(),
                clock.instant());
    }

    void writeEndpoint(Endpoint next) {
        platform.endpointStore.update(next, next.generation() - 1);
    }

    @Override
    public void close() {
        reconciler.close();
    }
}
