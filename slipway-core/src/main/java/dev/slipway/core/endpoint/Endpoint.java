package dev.slipway.core.endpoint;

import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The desired state of an endpoint: which version it serves and with what capacity. {@code
 * generation} grows by one with every change and guards concurrent updates.
 *
 * @param ref what the user asked for ({@code fraud@champion}); {@code version} is what it resolved
 *     to when the spec was written: the primary version
 * @param traffic the candidate version beside the primary, if any (written by rollouts)
 * @param queue how each copy queues, limits and batches requests
 * @param async how asynchronous invocations run
 */
public record Endpoint(
        String name,
        ModelRef ref,
        ModelVersionId version,
        int copies,
        Resources resources,
        Duration timeout,
        long generation,
        Instant createdAt,
        Instant updatedAt,
        Traffic traffic,
        QueuePolicy queue,
        AsyncSettings async) {
    public static final int MAX_COPIES = 64;
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(timeout, "timeout");
        if (copies < 0 || copies > MAX_COPIES) {
            throw new IllegalArgumentException(
                    "copies must be between 0 and " + MAX_COPIES + ", got " + copies);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "timeout must be between 1ms and 10m, got "
                            + Quantities.formatDuration(timeout));
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        traffic = traffic == null ? Traffic.NONE : traffic;
        queue = queue == null ? QueuePolicy.DEFAULT : queue;
        async = async == null ? AsyncSettings.DEFAULT : async;
        if (version.equals(traffic.candidate())) {
            throw new IllegalArgumentException(
                    "the candidate " + version + " is already the primary version");
        }
    }

    /** An endpoint with its primary version only. */
    public Endpoint(
            String name,
            ModelRef ref,
            ModelVersionId version,
            int copies,
            Resources resources,
            Duration timeout,
            long generation,
            Instant createdAt,
            Instant updatedAt) {
        this(
                name,
                ref,
                version,
                copies,
                resources,
                timeout,
                generation,
                createdAt,
                updatedAt,
                Traffic.NONE,
                QueuePolicy.DEFAULT,
                AsyncSettings.DEFAULT);
    }

    /** The next generation with another primary version (named by {@code newRef}) and traffic. */
    public Endpoint withServing(
            ModelRef newRef, ModelVersionId primary, Traffic newTraffic, Instant now) {
        return new Endpoint(
                name,
                newRef,
                primary,
                copies,
                resources,
                timeout,
                generation + 1,
                createdAt,
                now,
                newTraffic,
                queue,
                async);
    }

    /**
     * The same spec with another number of copies, e.g. one copy of a scaled-to-zero endpoint while
     * asynchronous work waits. Not a new generation: nobody wrote it.
     */
    public Endpoint withCopies(int newCopies) {
        return new Endpoint(
                name,
                ref,
                version,
                newCopies,
                resources,
                timeout,
                generation,
                createdAt,
                updatedAt,
                traffic,
                queue,
                async);
    }

    /** Every version that must be loaded: the primary and the candidate, if any. */
    public java.util.List<ModelVersionId> versions() {
        return traffic.hasCandidate()
                ? java.util.List.of(version, traffic.candidate())
                : java.util.List.of(version);
    }

    /** Cores all copies of the primary reserve together (a rollout's candidate is transient). */
    public double reservedCores() {
        return copies * resources.cores();
    }

    /**
     * Memory all copies reserve together. Saturates at {@code Long.MAX_VALUE} (more than any node
     * has) instead of overflowing into a small or negative number that would pass a capacity check.
     */
    public long reservedMemory() {
        return copies > 0 && resources.memoryBytes() > Long.MAX_VALUE / copies
                ? Long.MAX_VALUE
                : copies * resources.memoryBytes();
    }
}
