package dev.slipway.core.node;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.InputValidator;
import dev.slipway.spi.PredictRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serving node in this process: the copies of every endpoint and the request path into them.
 * The {@link NodeReconciler} decides what is loaded; this class only routes requests.
 *
 * <p>Thread-safe: the maps are concurrent and serving sets are immutable and swapped atomically.
 */
public final class LocalNode {
    private final int maxQueuePerCopy;
    private final Map<String, Endpoint> desired = new ConcurrentHashMap<>();
    private final Map<String, ServingSet> serving = new ConcurrentHashMap<>();
    private final Map<String, EndpointStatus> statuses = new ConcurrentHashMap<>();

    public LocalNode(int maxQueuePerCopy) {
        if (maxQueuePerCopy < 1) {
            throw new IllegalArgumentException("maxQueuePerCopy must be >= 1");
        }
        this.maxQueuePerCopy = maxQueuePerCopy;
    }

    int maxQueuePerCopy() {
        return maxQueuePerCopy;
    }

    /**
     * Runs a prediction on the endpoint's current version (or on {@code version} when given, which
     * must be the one serving). Validates the inputs against the signature first.
     *
     * @return a future failing with {@link SlipwayException}: ENDPOINT_NOT_FOUND,
     *     VERSION_NOT_FOUND, ENDPOINT_NOT_READY, INVALID_INPUT, QUEUE_FULL, TIMEOUT,
     *     RUNTIME_FAILURE
     */
    public CompletableFuture<Served> infer(
            String endpoint, Integer version, PredictRequest request) {
        try {
            ServingSet set = requireServing(endpoint, version);
            Endpoint spec = desired.get(endpoint);
            if (spec == null) {
                throw new SlipwayException(
                        ErrorCode.ENDPOINT_NOT_FOUND, "endpoint '" + endpoint + "' does not exist");
            }
            long timeoutNanos = spec.timeout().toNanos();
            long deadline = System.nanoTime() + timeoutNanos;
            for (int attempt = 0; attempt < 3; attempt++) {
                Copy copy = set.pick();
                // Checked against the set actually used: a swap may change the signature.
                InputValidator.check(
                        set.version().signature(), request, copy.predictor().acceptsNaN());
                CompletableFuture<Served> future = submit(copy, request, deadline);
                if (future != null) {
                    return future.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
                            .exceptionallyCompose(failure -> timeoutMessage(endpoint, failure));
                }
                // The copy was retired between picking and submitting: use the newer set.
                set = requireServing(endpoint, version);
            }
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_NOT_READY, "endpoint '" + endpoint + "' is being replaced");
        } catch (SlipwayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Served> submit(
            Copy copy, PredictRequest request, long deadline) {
        var future = copy.submit(request, deadline);
        return future == null
                ? null
                : future.thenApply(result -> new Served(copy.version(), result));
    }

    private static CompletableFuture<Served> timeoutMessage(String endpoint, Throwable failure) {
        Throwable cause =
                failure instanceof java.util.concurrent.CompletionException
                        ? failure.getCause()
                        : failure;
        if (cause instanceof TimeoutException) {
            return CompletableFuture.failedFuture(
                    new SlipwayException(
                            ErrorCode.TIMEOUT,
                            "endpoint '" + endpoint + "' did not answer within its timeout"));
        }
        return CompletableFuture.failedFuture(cause);
    }

    /** The set serving the endpoint, checking that it exists and is ready. */
    public ServingSet requireServing(String endpoint, Integer version) {
        ServingSet set = serving.get(endpoint);
        if (set == null) {
            if (!desired.containsKey(endpoint)) {
                throw new SlipwayException(
                        ErrorCode.ENDPOINT_NOT_FOUND, "endpoint '" + endpoint + "' does not exist");
            }
            EndpointStatus status = status(endpoint);
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_NOT_READY,
                    "endpoint '"
                            + endpoint
                            + "' has no ready copy (state: "
                            + status.state().wireName()
                            + (status.message().isEmpty() ? "" : ", " + status.message())
                            + ")");
        }
        if (version != null && set.version().id().version() != version) {
            throw new SlipwayException(
                    ErrorCode.VERSION_NOT_FOUND,
                    "endpoint '"
                            + endpoint
                            + "' serves version "
                            + set.version().id().version()
                            + ", not "
                            + version);
        }
        return set;
    }

    public Optional<ServingSet> serving(String endpoint) {
        return Optional.ofNullable(serving.get(endpoint));
    }

    public boolean knows(String endpoint) {
        return desired.containsKey(endpoint);
    }

    public EndpointStatus status(String endpoint) {
        return statuses.getOrDefault(endpoint, EndpointStatus.pending());
    }

    public List<String> endpoints() {
        return desired.keySet().stream().sorted().toList();
    }

    // The methods below are the reconciler's.

    void setDesired(List<Endpoint> endpoints) {
        Map<String, Endpoint> byName = new java.util.HashMap<>();
        endpoints.forEach(endpoint -> byName.put(endpoint.name(), endpoint));
        desired.putAll(byName);
        desired.keySet().retainAll(byName.keySet());
    }

    void setStatus(String endpoint, EndpointStatus status) {
        statuses.put(endpoint, status);
    }

    /** Installs a new set and returns the one it replaced (or null). */
    ServingSet install(String endpoint, ServingSet set) {
        return set == null ? serving.remove(endpoint) : serving.put(endpoint, set);
    }

    /** Drops the statuses of endpoints no longer wanted. */
    void forgetAllExcept(java.util.Set<String> endpoints) {
        statuses.keySet().retainAll(endpoints);
    }

    java.util.Set<String> servingEndpoints() {
        return java.util.Set.copyOf(serving.keySet());
    }
}
