package dev.slipway.core.endpoint;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.Names;
import dev.slipway.core.registry.VersionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes endpoints' desired state after checking it (the reference resolves, the version is
 * deployable, the capacity fits), then nudges the reconciler. It never loads models itself.
 * Thread-safe; concurrent writers are serialised by the store's generation check.
 */
public final class EndpointService {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final EndpointStore store;
    private final ModelRegistry registry;
    private final NodeCapacity capacity;
    private final EventLog events;
    private final Clock clock;
    private final Runnable desiredStateChanged;

    public EndpointService(
            EndpointStore store,
            ModelRegistry registry,
            NodeCapacity capacity,
            EventLog events,
            Clock clock,
            Runnable desiredStateChanged) {
        this.store = store;
        this.registry = registry;
        this.capacity = capacity;
        this.events = events;
        this.clock = clock;
        this.desiredStateChanged = desiredStateChanged;
    }

    public List<Endpoint> list() {
        return store.list();
    }

    public Endpoint get(String name) {
        return store.find(name)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.ENDPOINT_NOT_FOUND,
                                        "endpoint '" + name + "' does not exist"));
    }

    // Writes are serialised so that two concurrent creates cannot both pass the capacity check.
    // One control-plane process for now; several replicas will need the check in the database.
    public synchronized Endpoint create(String name, EndpointChange change) {
        Names.require("endpoint name", name);
        if (store.find(name).isPresent()) {
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_EXISTS,
                    "endpoint '" + name + "' already exists (use update to change it)");
        }
        if (change.model() == null) {
            throw SlipwayException.invalidArgument(
                    "model is required (NAME:VERSION or NAME@ALIAS)");
        }
        Instant now = clock.instant();
        Endpoint endpoint =
                build(
                        name,
                        resolve(change.model()),
                        change.copies() == null ? 1 : change.copies(),
                        resources(
                                change.cores() == null ? Resources.DEFAULT.cores() : change.cores(),
                                change.memoryBytes() == null
                                        ? Resources.DEFAULT.memoryBytes()
                                        : change.memoryBytes()),
                        change.timeout() == null ? DEFAULT_TIMEOUT : change.timeout(),
                        queuePolicy(change, QueuePolicy.DEFAULT),
                        asyncSettings(change, AsyncSettings.DEFAULT),
                        1,
                        now,
                        now,
                        Traffic.NONE);
        requireCapacity(endpoint);
        store.insert(endpoint);
        events.append(
                "endpoint/" + name,
                "endpoint.created",
                endpoint.version() + " x" + endpoint.copies());
        desiredStateChanged.run();
        return endpoint;
    }

    public synchronized Endpoint update(String name, EndpointChange change) {
        Endpoint current = get(name);
        Resources resources =
                resources(
                        change.cores() == null ? current.resources().cores() : change.cores(),
                        change.memoryBytes() == null
                                ? current.resources().memoryBytes()
                                : change.memoryBytes());
        Endpoint updated =
                build(
                        name,
                        // Without a model, the endpoint keeps the version its alias resolved to.
                        change.model() == null
                                ? new Target(current.ref(), current.version())
                                : resolve(change.model()),
                        change.copies() == null ? current.copies() : change.copies(),
                        resources,
                        change.timeout() == null ? current.timeout() : change.timeout(),
                        queuePolicy(change, current.queue()),
                        asyncSettings(change, current.async()),
                        current.generation() + 1,
                        current.createdAt(),
                        clock.instant(),
                        // Capacity and queue changes during a rollout keep its candidate.
                        current.traffic());
        if (sameSpec(current, updated)) {
            return current;
        }
        requireCapacity(updated);
        store.update(updated, current.generation());
        events.append("endpoint/" + name, "endpoint.updated", describeChanges(current, updated));
        desiredStateChanged.run();
        return updated;
    }

    public synchronized void delete(String name) {
        if (!store.delete(name)) {
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_NOT_FOUND, "endpoint '" + name + "' does not exist");
        }
        events.append("endpoint/" + name, "endpoint.deleted", "");
        desiredStateChanged.run();
    }

    /** What a model reference resolved to when the spec was written. */
    private record Target(ModelRef ref, ModelVersionId version) {}

    private Target resolve(String modelRef) {
        ModelRef ref = ModelRef.parse("model", modelRef);
        ModelVersion version = registry.resolve(ref);
        if (version.status() == VersionStatus.ARCHIVED) {
            throw SlipwayException.invalidArgument(
                    "model " + version.id() + " is archived and cannot be deployed");
        }
        return new Target(ref, version.id());
    }

    private static Endpoint build(
            String name,
            Target target,
            int copies,
            Resources resources,
            Duration timeout,
            QueuePolicy queue,
            AsyncSettings async,
            long generation,
            Instant createdAt,
            Instant updatedAt,
            Traffic traffic) {
        try {
            return new Endpoint(
                    name,
                    target.ref(),
                    target.version(),
                    copies,
                    resources,
                    timeout,
                    generation,
                    createdAt,
                    updatedAt,
                    traffic,
                    queue,
                    async);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    private static QueuePolicy queuePolicy(EndpointChange change, QueuePolicy current) {
        try {
            return change.queue().applyTo(current);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    private static AsyncSettings asyncSettings(EndpointChange change, AsyncSettings current) {
        try {
            return change.async().applyTo(current);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    private static Resources resources(double cores, long memoryBytes) {
        try {
            return new Resources(cores, memoryBytes);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    private void requireCapacity(Endpoint endpoint) {
        double cores = endpoint.reservedCores();
        long memory = endpoint.reservedMemory();
        for (Endpoint other : store.list()) {
            if (!other.name().equals(endpoint.name())) {
                cores += other.reservedCores();
                memory = saturatedSum(memory, other.reservedMemory());
            }
        }
        if (cores > capacity.cores() || memory > capacity.memoryBytes()) {
            throw new SlipwayException(
                    ErrorCode.INSUFFICIENT_CAPACITY,
                    "endpoint '"
                            + endpoint.name()
                            + "' needs "
                            + endpoint.reservedCores()
                            + " cores and "
                            + Quantities.formatMemory(endpoint.reservedMemory())
                            + "; with the other endpoints that makes "
                            + cores
                            + " cores and "
                            + Quantities.formatMemory(memory)
                            + ", over the node capacity of "
                            + capacity.cores()
                            + " cores and "
                            + Quantities.formatMemory(capacity.memoryBytes()));
        }
    }

    /** The sum of two reservations, or Long.MAX_VALUE where it would overflow. */
    private static long saturatedSum(long first, long second) {
        return first > Long.MAX_VALUE - second ? Long.MAX_VALUE : first + second;
    }

    private static boolean sameSpec(Endpoint a, Endpoint b) {
        return a.ref().equals(b.ref())
                && a.version().equals(b.version())
                && a.copies() == b.copies()
                && a.resources().equals(b.resources())
                && a.timeout().equals(b.timeout())
                && a.queue().equals(b.queue())
                && a.async().equals(b.async());
    }

    private static String describeChanges(Endpoint before, Endpoint after) {
        List<String> changes = new ArrayList<>();
        if (!before.version().equals(after.version()) || !before.ref().equals(after.ref())) {
            changes.add(
                    "model "
                            + before.version()
                            + " -> "
                            + after.version()
                            + " ("
                            + after.ref()
                            + ")");
        }
        if (before.copies() != after.copies()) {
            changes.add("copies " + before.copies() + " -> " + after.copies());
        }
        if (!before.resources().equals(after.resources())) {
            changes.add("resources " + before.resources() + " -> " + after.resources());
        }
        if (!before.timeout().equals(after.timeout())) {
            changes.add(
                    "timeout "
                            + Quantities.formatDuration(before.timeout())
                            + " -> "
                            + Quantities.formatDuration(after.timeout()));
        }
        if (!before.queue().equals(after.queue())) {
            changes.add("queue " + before.queue() + " -> " + after.queue());
        }
        if (!before.async().equals(after.async())) {
            changes.add("async " + before.async() + " -> " + after.async());
        }
        return String.join(", ", changes);
    }
}
