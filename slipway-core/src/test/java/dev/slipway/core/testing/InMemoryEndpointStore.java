package dev.slipway.core.testing;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Endpoints in a sorted map, with the same generation check as the SQL store. Counts writes so a
 * test can tell that nothing was written. Thread-safe (methods are synchronized).
 */
public final class InMemoryEndpointStore implements EndpointStore {
    private final Map<String, Endpoint> endpoints = new TreeMap<>();
    private int writes;

    @Override
    public synchronized List<Endpoint> list() {
        return List.copyOf(endpoints.values());
    }

    @Override
    public synchronized Optional<Endpoint> find(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }

    @Override
    public synchronized void insert(Endpoint endpoint) {
        if (endpoints.containsKey(endpoint.name())) {
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_EXISTS, "endpoint '" + endpoint.name() + "' already exists");
        }
        endpoints.put(endpoint.name(), endpoint);
        writes++;
    }

    @Override
    public synchronized void update(Endpoint endpoint, long expectedGeneration) {
        Endpoint stored = endpoints.get(endpoint.name());
        if (stored == null || stored.generation() != expectedGeneration) {
            throw new SlipwayException(
                    ErrorCode.CONCURRENT_UPDATE,
                    "endpoint '" + endpoint.name() + "' was changed or deleted concurrently");
        }
        endpoints.put(endpoint.name(), endpoint);
        writes++;
    }

    @Override
    public synchronized boolean delete(String name) {
        boolean deleted = endpoints.remove(name) != null;
        if (deleted) {
            writes++;
        }
        return deleted;
    }

    /** Inserts, updates and deletes that changed something. */
    public synchronized int writes() {
        return writes;
    }
}
