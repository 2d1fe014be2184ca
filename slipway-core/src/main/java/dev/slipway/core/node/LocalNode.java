package dev.slipway.core.node;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.InputValidator;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serving node in this process: the copies of every endpoint and the request path into them.
 * The {@link NodeReconciler} decides what is loaded; this class only routes requests: to the
 * primary version, to a candidate for its share of a traffic split, and (after answering) a
 * mirrored copy to a shadow candidate.
 *
 * <p>Thread-safe: the maps are concurrent and routings are immutable and swapped atomically.
 */
public final class LocalNode {
    private final int maxQueuePerCopy;
    private final RequestObserver observer;
    private final MirrorSink mirrors;
    private final QueueObserver queueObserver;
    private final Map<String, Endpoint> desired = new ConcurrentHashMap<>();
    private final Map<String, Routing> routings = new ConcurrentHashMap<>();
    private final Map<String, EndpointStatus> statuses = new ConcurrentHashMap<>();

    public LocalNode(int maxQueuePerCopy) {
        this(maxQueuePerCopy, RequestObserver.NONE, MirrorSink.NONE);
    }

    public LocalNode(int maxQueuePerCopy, RequestObserver observer, MirrorSink mirrors) {
        this(maxQueuePerCopy, observer, mirrors, QueueObserver.NONE);
    }

    public LocalNode(
            int maxQueuePerCopy,
            RequestObserver observer,
            MirrorSink mirrors,
            QueueObserver queueObserver) {
        if (maxQueuePerCopy < 1) {
            throw new IllegalArgumentException("maxQueuePerCopy must be >= 1");
        }
        this.maxQueuePerCopy = maxQueuePerCopy;
        this.observer = observer;
        this.mirrors = mirrors;
        this.queueObserver = queueObserver;
    }

    int maxQueuePerCopy() {
        return maxQueuePerCopy;
    }

    QueueObserver queueObserver() {
        return queueObserver;
    }

    /** Requests waiting in the queues of the endpoint's copies (primary and candidate). */
    public int queueDepth(String endpoint) {
        Routing routing = routings.get(endpoint);
        if (routing == null) {
            return 0;
        }
        int depth = 0;
        for (ServingSet set :
                routing.candidate() == null
                        ? List.of(routing.primary())
                        : List.of(routing.primary(), routing.candidate())) {
            for (Copy copy : set.copies()) {
                depth += copy.queueDepth();
            }
        }
        return depth;
    }

    public CompletableFuture<Served> infer(
            String endpoint, Integer version, PredictRequest request) {
        return infer(endpoint, version, request, null);
    }

    /**
     * Runs a prediction on the version the endpoint's routing picks (or on {@code version} when
     * given, which must be loaded as primary or candidate). Validates the inputs first.
     *
     * @param routingKey makes the traffic split sticky for a caller; null picks at random
     * @return a future failing with {@link SlipwayException}: ENDPOINT_NOT_FOUND,
     *     VERSION_NOT_FOUND, ENDPOINT_NOT_READY, INVALID_INPUT, PAYLOAD_TOO_LARGE (more rows than
     *     the endpoint's maxRows), QUEUE_FULL, TIMEOUT, RUNTIME_FAILURE
     */
    public CompletableFuture<Served> infer(
            String endpoint, Integer version, PredictRequest request, String routingKey) {
        return infer(endpoint, version, request, routingKey, null, null);
    }

    /**
     * As {@link #infer(String, Integer, PredictRequest, String)}, called on an event loop: the
     * request may gather there with others for one runtime call on that loop (ADR 13).
     */
    public CompletableFuture<Served> infer(
            String endpoint,
            Integer version,
            PredictRequest request,
            String routingKey,
            CallerLoop loop) {
        return infer(endpoint, version, request, routingKey, null, loop);
    }

    /**
     * As {@link #infer(String, Integer, PredictRequest, String)} with another timeout than the
     * endpoint's (an asynchronous invocation's); null means the endpoint's.
     */
    public CompletableFuture<Served> infer(
            String endpoint,
            Integer version,
            PredictRequest request,
            String routingKey,
            Duration timeout) {
        return infer(endpoint, version, request, routingKey, timeout, null);
    }

    private CompletableFuture<Served> infer(
            String endpoint,
            Integer version,
            PredictRequest request,
            String routingKey,
            Duration timeout,
            CallerLoop loop) {
        try {
            Endpoint spec = desired.get(endpoint);
            Routing routing = requireRouting(endpoint);
            if (spec == null) {
                throw notFound(endpoint);
            }
            requireRowLimit(spec, request);
            long timeoutNanos = (timeout == null ? spec.timeout() : timeout).toNanos();
            long started = System.nanoTime();
            long deadline = started + timeoutNanos;
            for (int attempt = 0; attempt < 3; attempt++) {
                ServingSet set = pick(endpoint, routing, version, routingKey);
                Copy copy = set.pick();
                // Checked against the set actually used: versions may differ in signature.
                InputValidator.check(
                        set.version().signature(), request, copy.predictor().acceptsNaN());
                CompletableFuture<PredictResult> future =
                        copy.submit(request, deadline, spec.queue(), loop);
                if (future != null) {
                    CompletableFuture<Served> served =
                            future.handle(
                                    (result, failure) ->
                                            finish(
                                                    set.recorder(endpoint, observer),
                                                    copy,
                                                    started,
                                                    result,
                                                    failure));
                    if (version == null && routing.mirrors(routingKey)) {
                        Routing mirroring = routing;
                        served.thenAccept(
                                answer ->
                                        mirror(
                                                endpoint,
                                                mirroring,
                                                request,
                                                answer,
                                                timeoutNanos,
                                                spec.queue()));
                    }
                    return served;
                }
                // The copy was retired between picking and submitting: use the newer routing.
                routing = requireRouting(endpoint);
            }
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_NOT_READY, "endpoint '" + endpoint + "' is being replaced");
        } catch (SlipwayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void requireRowLimit(Endpoint spec, PredictRequest request) {
        int maxRows = spec.queue().maxRows();
        if (maxRows == 0) {
            return;
        }
        for (var input : request.inputs()) {
            if (input.batchSize() > maxRows) {
                throw new SlipwayException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "input '"
                                + input.name()
                                + "' has "
                                + input.batchSize()
                                + " rows; endpoint '"
                                + spec.name()
                                + "' accepts at most "
                                + maxRows
                                + " rows per request (maxRows)");
            }
        }
    }

    private static ServingSet pick(
            String endpoint, Routing routing, Integer version, String routingKey) {
        if (version == null) {
            return routing.choose(routingKey);
        }
        return routing.forVersion(version)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.VERSION_NOT_FOUND,
                                        "endpoint '"
                                                + endpoint
                                                + "' serves version "
                                                + routing.primary().version().id().version()
                                                + (routing.candidate() == null
                                                        ? ""
                                                        : " and "
                                                                + routing.candidate()
                                                                        .version()
                                                                        .id()
                                                                        .version())
                                                + ", not "
                                                + version));
    }

    /** Records the outcome for guardrails and turns a timeout into the caller's 504. */
    private static Served finish(
            RequestObserver.Recorder recorder,
            Copy copy,
            long started,
            PredictResult result,
            Throwable failure) {
        long nanos = System.nanoTime() - started;
        if (failure == null) {
            recorder.completed(nanos, false);
            return new Served(copy.version(), result, nanos);
        }
        Throwable cause = unwrap(failure);
        boolean modelFailed =
                !(cause instanceof SlipwayException e)
                        || e.code() == ErrorCode.RUNTIME_FAILURE
                        || e.code() == ErrorCode.TIMEOUT;
        recorder.completed(nanos, modelFailed);
        throw new CompletionException(cause);
    }

    /** Sends the answered request to the shadow candidate; never affects the caller. */
    private void mirror(
            String endpoint,
            Routing routing,
            PredictRequest request,
            Served primary,
            long timeoutNanos,
            QueuePolicy policy) {
        long primaryNanos = primary.nanos();
        ServingSet candidate = routing.candidate();
        Copy copy = candidate.pick();
        long started = System.nanoTime();
        try {
            InputValidator.check(
                    candidate.version().signature(), request, copy.predictor().acceptsNaN());
        } catch (SlipwayException e) {
            mirrors.accept(
                    pair(
                            endpoint,
                            routing,
                            request,
                            primary,
                            primaryNanos,
                            null,
                            e.getMessage(),
                            0));
            return;
        }
        CompletableFuture<PredictResult> future;
        try {
            future = copy.submit(request, started + timeoutNanos, policy);
        } catch (SlipwayException queueFull) {
            return; // a full or retired shadow drops the mirror, never the caller's request
        }
        if (future == null) {
            return;
        }
        future.whenComplete(
                (result, failure) -> {
                    long nanos = System.nanoTime() - started;
                    candidate.recorder(endpoint, observer).completed(nanos, failure != null);
                    mirrors.accept(
                            pair(
                                    endpoint,
                                    routing,
                                    request,
                                    primary,
                                    primaryNanos,
                                    result,
                                    failure == null
                                            ? null
                                            : String.valueOf(unwrap(failure).getMessage()),
                                    nanos));
                });
    }

    private static MirroredRequest pair(
            String endpoint,
            Routing routing,
            PredictRequest request,
            Served primary,
            long primaryNanos,
            PredictResult candidateResult,
            String candidateError,
            long candidateNanos) {
        return new MirroredRequest(
                endpoint,
                routing.captureId(),
                primary.version(),
                routing.candidate().version().id(),
                request,
                primary.result(),
                candidateResult,
                candidateError,
                primaryNanos,
                candidateNanos);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }

    private Routing requireRouting(String endpoint) {
        Routing routing = routings.get(endpoint);
        if (routing != null) {
            return routing;
        }
        if (!desired.containsKey(endpoint)) {
            throw notFound(endpoint);
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

    private static SlipwayException notFound(String endpoint) {
        return new SlipwayException(
                ErrorCode.ENDPOINT_NOT_FOUND, "endpoint '" + endpoint + "' does not exist");
    }

    /**
     * The set serving the endpoint's primary version (or {@code version}), checking it is ready.
     */
    public ServingSet requireServing(String endpoint, Integer version) {
        Routing routing = requireRouting(endpoint);
        return version == null ? routing.primary() : pick(endpoint, routing, version, null);
    }

    /** The primary set, when the endpoint is served. */
    public Optional<ServingSet> serving(String endpoint) {
        return Optional.ofNullable(routings.get(endpoint)).map(Routing::primary);
    }

    /** The candidate set loaded beside the primary, when there is one. */
    public Optional<ServingSet> candidate(String endpoint) {
        return Optional.ofNullable(routings.get(endpoint)).map(Routing::candidate);
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
        Map<String, Endpoint> byName = new HashMap<>();
        endpoints.forEach(endpoint -> byName.put(endpoint.name(), endpoint));
        desired.putAll(byName);
        desired.keySet().retainAll(byName.keySet());
    }

    void setStatus(String endpoint, EndpointStatus status) {
        statuses.put(endpoint, status);
    }

    Routing routing(String endpoint) {
        return routings.get(endpoint);
    }

    /** Installs a routing (null removes it). */
    void install(String endpoint, Routing routing) {
        if (routing == null) {
            routings.remove(endpoint);
        } else {
            routings.put(endpoint, routing);
        }
    }

    /** Drops the statuses of endpoints no longer wanted. */
    void forgetAllExcept(Set<String> endpoints) {
        statuses.keySet().retainAll(endpoints);
    }

    Set<String> routedEndpoints() {
        return Set.copyOf(routings.keySet());
    }
}
