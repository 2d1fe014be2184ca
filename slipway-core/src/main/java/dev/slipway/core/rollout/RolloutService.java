package dev.slipway.core.rollout;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.VersionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Starts rollouts and records what people ask of them (approve, abort, roll back). It only writes
 * intent; the {@link RolloutReconciler} carries it out. Thread-safe.
 */
public final class RolloutService {
    private final RolloutStore store;
    private final EndpointStore endpoints;
    private final ModelRegistry registry;
    private final EventLog events;
    private final Clock clock;
    private final Runnable changed;

    public RolloutService(
            RolloutStore store,
            EndpointStore endpoints,
            ModelRegistry registry,
            EventLog events,
            Clock clock,
            Runnable changed) {
        this.store = store;
        this.endpoints = endpoints;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.changed = changed;
    }

    /**
     * @throws SlipwayException ENDPOINT_NOT_FOUND, INVALID_ARGUMENT (same version, archived),
     *     ROLLOUT_ACTIVE when the endpoint already has one
     */
    public Rollout start(String endpointName, String modelRef, RolloutSpec spec) {
        Endpoint endpoint =
                endpoints
                        .find(endpointName)
                        .orElseThrow(
                                () ->
                                        new SlipwayException(
                                                ErrorCode.ENDPOINT_NOT_FOUND,
                                                "endpoint '" + endpointName + "' does not exist"));
        ModelVersion target = registry.resolve(ModelRef.parse("model", modelRef));
        if (target.id().equals(endpoint.version())) {
            throw SlipwayException.invalidArgument(
                    "endpoint '" + endpointName + "' already serves " + target.id());
        }
        requireDeployable(target);
        Instant now = clock.instant();
        Rollout rollout =
                store.insert(
                        new Rollout(
                                0,
                                endpointName,
                                endpoint.version(),
                                target.id(),
                                spec,
                                Phase.PROVISIONING,
                                -1,
                                now,
                                null,
                                "",
                                false,
                                null,
                                0,
                                now,
                                now));
        String summary = rollout.from() + " -> " + rollout.to() + " (" + spec.strategy() + ")";
        events.append(RolloutReconciler.subject(rollout), "rollout.started", summary);
        events.append(
                "endpoint/" + endpointName,
                "rollout.started",
                "rollout " + rollout.id() + ": " + summary);
        changed.run();
        return rollout;
    }

    /**
     * @throws SlipwayException ROLLOUT_ACTIVE when the endpoint has a rollout that has not ended
     */
    public void requireNoActiveRollout(String endpoint) {
        for (Rollout rollout : store.recent(endpoint, 1)) {
            if (!rollout.phase().terminal()) {
                throw new SlipwayException(
                        ErrorCode.ROLLOUT_ACTIVE,
                        "endpoint '"
                                + endpoint
                                + "' already has an active rollout ("
                                + rollout.id()
                                + "); approve, abort or wait for it first");
            }
        }
    }

    /**
     * @throws SlipwayException INVALID_ARGUMENT when the version is archived
     */
    public void requireDeployable(ModelVersion target) {
        if (target.status() == VersionStatus.ARCHIVED) {
            throw SlipwayException.invalidArgument(
                    "model " + target.id() + " is archived and cannot be deployed");
        }
    }

    /** The spec for a model change of the endpoint that names none: its default, else expedited. */
    public RolloutSpec defaultSpec(String endpoint) {
        return store.defaultSpec(endpoint).orElse(RolloutSpec.Expedited.DEFAULT);
    }

    /** Whether the endpoint has a default spec of its own. */
    public java.util.Optional<RolloutSpec> ownDefaultSpec(String endpoint) {
        return store.defaultSpec(endpoint);
    }

    /** Sets (null clears) the spec the endpoint's model changes use when they name none. */
    public void setDefaultSpec(String endpoint, RolloutSpec spec) {
        store.setDefaultSpec(endpoint, spec);
        events.append(
                "endpoint/" + endpoint,
                "endpoint.rollout-defaults",
                spec == null ? "cleared" : spec.strategy());
    }

    public Rollout get(long id) {
        return store.find(id)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.ROLLOUT_NOT_FOUND,
                                        "rollout " + id + " does not exist"));
    }

    public List<Rollout> recent(String endpoint, int limit) {
        return store.recent(endpoint, limit);
    }

    public List<Event> events(long id) {
        get(id);
        return events.recent("rollout/" + id, 1000);
    }

    /**
     * Records a person's request; the reconciler carries it out on its next pass.
     *
     * @throws SlipwayException ROLLOUT_ENDED when the rollout is over, INVALID_ARGUMENT when
     *     nothing waits for an approval
     */
    public Rollout request(long id, Action action) {
        Rollout rollout = get(id);
        if (rollout.phase().terminal()) {
            throw new SlipwayException(
                    ErrorCode.ROLLOUT_ENDED,
                    "rollout " + id + " already ended (" + rollout.phase().wireName() + ")");
        }
        if (action == Action.APPROVE && rollout.phase() != Phase.AWAITING_APPROVAL) {
            throw SlipwayException.invalidArgument(
                    "rollout "
                            + id
                            + " is "
                            + rollout.phase().wireName()
                            + "; nothing waits for approval");
        }
        Rollout requested =
                store.atomically(
                        () -> {
                            Rollout updated =
                                    store.update(rollout.withPending(action, clock.instant()));
                            events.append(
                                    RolloutReconciler.subject(rollout),
                                    "rollout." + action.wireName() + "-requested",
                                    "");
                            return updated;
                        });
        changed.run();
        return requested;
    }
}
