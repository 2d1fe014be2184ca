package dev.slipway.core.testing;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.Resources;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Duration;
import java.time.Instant;

/**
 * Endpoint specs as they sit in the store, for tests that start from stored state. Each {@code
 * with...} gives the next generation, as {@code EndpointService.update} would write it.
 */
public final class EndpointSpecs {
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private EndpointSpecs() {}

    /** Generation 1, pinned to {@code version}, with the default resources and timeout. */
    public static Endpoint endpoint(String name, ModelVersionId version, int copies) {
        return new Endpoint(
                name,
                new ModelRef.Pinned(version.model(), version.version()),
                version,
                copies,
                Resources.DEFAULT,
                Duration.ofSeconds(30),
                1,
                CREATED,
                CREATED);
    }

    public static Endpoint withVersion(Endpoint endpoint, ModelVersionId version) {
        return next(endpoint, version, endpoint.copies(), endpoint.resources(), endpoint.timeout());
    }

    public static Endpoint withCopies(Endpoint endpoint, int copies) {
        return next(endpoint, endpoint.version(), copies, endpoint.resources(), endpoint.timeout());
    }

    public static Endpoint withCores(Endpoint endpoint, double cores) {
        return next(
                endpoint,
                endpoint.version(),
                endpoint.copies(),
                new Resources(cores, endpoint.resources().memoryBytes()),
                endpoint.timeout());
    }

    public static Endpoint withTimeout(Endpoint endpoint, Duration timeout) {
        return next(endpoint, endpoint.version(), endpoint.copies(), endpoint.resources(), timeout);
    }

    private static Endpoint next(
            Endpoint endpoint,
            ModelVersionId version,
            int copies,
            Resources resources,
            Duration timeout) {
        return new Endpoint(
                endpoint.name(),
                new ModelRef.Pinned(version.model(), version.version()),
                version,
                copies,
                resources,
                timeout,
                endpoint.generation() + 1,
                endpoint.createdAt(),
                endpoint.updatedAt());
    }
}
