package dev.slipway.core.rollout;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.node.NativeThreads;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances every active rollout: asks the {@link RolloutPlanner} for the next state, writes the
 * endpoint's primary and traffic that state implies (only when they differ), then stores the
 * rollout (guarded by its revision) and its events in one transaction. Every step is idempotent, so
 * a pass repeated after a crash, or on another replica, does no harm.
 *
 * <p>Thread-safety: passes run one at a time on the reconciler's thread; {@link #trigger()} may be
 * called from any thread.
 */
public final class RolloutReconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RolloutReconciler.class);

    private final RolloutStore rollouts;
    private final EndpointStore endpoints;
    private final RolloutPlanner planner;
    private final ModelRegistry registry;
    private final EventLog events;
    private final Clock clock;
    private final Runnable endpointsChanged;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(NativeThreads.named("rollout-reconciler"));
    private final AtomicBoolean passQueued = new AtomicBoolean();

    public RolloutReconciler(
            RolloutStore rollouts,
            EndpointStore endpoints,
            CandidateView view,
            GuardrailMetrics metrics,
            MirrorCaptures captures,
            ModelRegistry registry,
            EventLog events,
            Clock clock,
            Runnable endpointsChanged) {
        this.rollouts = rollouts;
        this.endpoints = endpoints;
        this.planner = new RolloutPlanner(view, metrics, captures, registry, clock);
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.endpointsChanged = endpointsChanged;
    }

    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(
                this::safePass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void trigger() {
        if (passQueued.compareAndSet(false, true)) {
            thread.execute(
                    () -> {
                        passQueued.set(false);
                        safePass();
                    });
        }
    }

    private void safePass() {
        try {
            reconcileOnce();
        } catch (RuntimeException | LinkageError e) {
            // Never let one bad pass end the schedule: a periodic task that throws never runs
            // again.
            log.error("rollout pass failed; retrying on the next pass", e);
        }
    }

    /** One pass over the active rollouts. Public for tests, which call it directly. */
    public void reconcileOnce() {
        for (Rollout rollout : rollouts.active()) {
            try {
                reconcile(rollout);
            } catch (SlipwayException e) {
                if (e.code() != ErrorCode.CONCURRENT_UPDATE) {
                    log.warn(
                            "rollout {} could not advance; retrying on the next pass: {}",
                            rollout.id(),
                            e.getMessage());
                } else {
                    log.debug("rollout {} raced another writer; next pass", rollout.id());
                }
            } catch (RuntimeException e) {
                // One rollout's trouble must not hold up the others.
                log.warn(
                        "rollout {} could not advance; retrying on the next pass", rollout.id(), e);
            }
        }
    }

    private void reconcile(Rollout rollout) {
        Endpoint endpoint = endpoints.find(rollout.endpoint()).orElse(null);
        if (endpoint == null) {
            Rollout ended =
                    rollout.end(
                            Phase.FAILED,
                            "endpoint '" + rollout.endpoint() + "' was deleted",
                            clock.instant());
            rollouts.atomically(
                    () -> {
                        rollouts.update(ended);
                        events.append(subject(rollout), "rollout.failed", ended.reason());
                        return null;
                    });
            return;
        }
        RolloutPlanner.Decision decision = planner.decide(rollout);
        Rollout next = decision.next();
        applyServing(endpoint, rollout, next);
        rollouts.atomically(
                () -> {
                    if (!next.sameStateAs(rollout)) {
                        rollouts.update(next);
                    }
                    for (RolloutPlanner.Event event : decision.events()) {
                        events.append(subject(rollout), event.type(), event.message());
                    }
                    if (next.phase().terminal() && !rollout.phase().terminal()) {
                        events.append(
                                "endpoint/" + rollout.endpoint(),
                                "rollout." + next.phase().wireName().replace('_', '-'),
                                "rollout "
                                        + rollout.id()
                                        + " "
                                        + rollout.from()
                                        + " -> "
                                        + rollout.to()
                                        + (next.reason().isEmpty() ? "" : ": " + next.reason()));
                    }
                    return null;
                });
    }

    /**
     * Writes the endpoint's primary, reference and traffic the rollout's state implies, and moves
     * an alias the endpoint follows along with its primary.
     */
    private void applyServing(Endpoint endpoint, Rollout before, Rollout after) {
        RolloutPlanner.Serving serving = RolloutPlanner.serving(after);
        ModelRef ref = referenceFor(endpoint.ref(), serving.primary());
        boolean written =
                !serving.primary().equals(endpoint.version())
                        || !serving.traffic().equals(endpoint.traffic())
                        || !ref.equals(endpoint.ref());
        if (written) {
            endpoints.update(
                    endpoint.withServing(
                            ref, serving.primary(), serving.traffic(), clock.instant()),
                    endpoint.generation());
        }
        // A pass repeated after a crash between the endpoint write and the rollout write finds the
        // endpoint written already; the transition it decides again must still move the alias.
        boolean primaryMoves =
                !serving.primary().equals(endpoint.version())
                        || !serving.primary().equals(RolloutPlanner.serving(before).primary());
        if (primaryMoves
                && endpoint.ref() instanceof ModelRef.Aliased aliased
                && aliased.model().equals(serving.primary().model())
                && !Integer.valueOf(serving.primary().version())
                        .equals(registry.aliases(aliased.model()).get(aliased.alias()))) {
            // The alias follows the primary, back and forth.
            registry.setAlias(aliased.model(), aliased.alias(), serving.primary().version());
        }
        if (written) {
            endpointsChanged.run();
        }
    }

    /** An alias reference stays (the alias moves); a pinned one names the new primary. */
    private static ModelRef referenceFor(ModelRef current, ModelVersionId primary) {
        if (current instanceof ModelRef.Aliased aliased
                && aliased.model().equals(primary.model())) {
            return current;
        }
        return new ModelRef.Pinned(primary.model(), primary.version());
    }

    static String subject(Rollout rollout) {
        return "rollout/" + rollout.id();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
