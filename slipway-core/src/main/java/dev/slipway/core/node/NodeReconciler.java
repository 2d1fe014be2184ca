package dev.slipway.core.node;

import dev.slipway.core.async.WaitingWork;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.WarmUp;
import dev.slipway.core.node.EndpointStatus.State;
import dev.slipway.core.registry.ModelLoader;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.Predictor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the local node toward the endpoints' desired state in the database: loads and warms new
 * copies, swaps them in only when all are ready (old copies keep serving meanwhile), and unloads
 * what is no longer wanted. A restart simply runs the first pass against the stored state.
 *
 * <p>Thread-safety: passes run one at a time on the reconciler's own thread; {@link #trigger()} may
 * be called from any thread.
 */
public final class NodeReconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeReconciler.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final EndpointStore endpoints;
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final LocalNode node;
    private final EventLog events;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final AtomicBoolean firstPassDone = new AtomicBoolean();
    private volatile WaitingWork waitingWork = WaitingWork.NONE;

    /** Failed loads by endpoint and version: which generation failed, how often, when to retry. */
    private final Map<FailureKey, Failure> failures =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Loaded sets by endpoint and version; touched only by the reconciler's thread. */
    private final Map<String, Map<ModelVersionId, ServingSet>> loaded = new HashMap<>();

    private record FailureKey(String endpoint, ModelVersionId version) {}

    private record Failure(long generation, int attempts, Instant retryAt, String message) {}

    public NodeReconciler(
            EndpointStore endpoints,
            ModelRegistry registry,
            ModelLoader loader,
            LocalNode node,
            EventLog events,
            Clock clock) {
        this.endpoints = endpoints;
        this.registry = registry;
        this.loader = loader;
        this.node = node;
        this.events = events;
        this.clock = clock;
        this.thread =
                Executors.newSingleThreadScheduledExecutor(NativeThreads.named("node-reconciler"));
    }

    /** What tells the node that work waits for an endpoint scaled to zero. */
    public void useWaitingWork(WaitingWork work) {
        this.waitingWork = work;
    }

    /** Starts periodic passes (which also retry failed loads) and runs the first one now. */
    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(
                this::safePass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; several triggers before it runs make one pass. */
    public void trigger() {
        if (passQueued.compareAndSet(false, true)) {
            thread.execute(
                    () -> {
                        passQueued.set(false);
                        safePass();
                    });
        }
    }

    /** Whether the first pass after start finished (every stored endpoint has been acted on). */
    public boolean firstPassDone() {
        return firstPassDone.get();
    }

    private void safePass() {
        try {
            reconcileOnce();
            firstPassDone.set(true);
        } catch (RuntimeException | LinkageError e) {
            // Never let one bad pass end the schedule: a periodic task that throws never runs
            // again.
            log.error("reconcile pass failed; retrying on the next pass", e);
        }
    }

    /** One pass over all endpoints. Package-private for tests, which call it directly. */
    void reconcileOnce() {
        List<Endpoint> wanted = endpoints.list();
        node.setDesired(wanted);
        Set<String> wantedNames = new HashSet<>();
        for (Endpoint endpoint : wanted) {
            wantedNames.add(endpoint.name());
            reconcile(endpoint);
        }
        for (String name : Set.copyOf(loaded.keySet())) {
            if (!wantedNames.contains(name)) {
                node.install(name, null);
                loaded.remove(name).values().forEach(NodeReconciler::retireAll);
                events.append("endpoint/" + name, "endpoint.unloaded", "all copies unloaded");
            }
        }
        // Also for deleted endpoints that served nothing (failed, stopped): a recreated endpoint
        // starts again at generation 1 and must not inherit the old one's failure and backoff.
        failures.keySet().removeIf(key -> !wantedNames.contains(key.endpoint()));
        node.forgetAllExcept(wantedNames);
    }

    /** Why loading this version for the endpoint last failed, while that failure stands. */
    public Optional<String> loadFailure(String endpoint, ModelVersionId version) {
        return Optional.ofNullable(failures.get(new FailureKey(endpoint, version)))
                .map(Failure::message);
    }

    private void reconcile(Endpoint spec) {
        String name = spec.name();
        // Scale from zero: one copy while asynchronous work waits for the endpoint.
        Endpoint endpoint =
                spec.copies() == 0 && waitingWork.waitsFor(name) ? spec.withCopies(1) : spec;
        Map<ModelVersionId, ServingSet> sets = loaded.computeIfAbsent(name, key -> new HashMap<>());
        Routing previous = node.routing(name);
        if (endpoint.copies() == 0) {
            node.install(name, null);
            sets.values().forEach(NodeReconciler::retireAll);
            sets.clear();
            node.setStatus(name, new EndpointStatus(State.STOPPED, 0, 0, 0, "copies is 0"));
            return;
        }
        int threads = endpoint.resources().threads();
        List<Copy> toRetire = new ArrayList<>();
        String problem = null;
        for (ModelVersionId version : endpoint.versions()) {
            String failure = ensureLoaded(endpoint, version, threads, sets, toRetire, previous);
            if (failure != null && version.equals(endpoint.version())) {
                problem = failure;
            }
        }
        ServingSet primary = sets.get(endpoint.version());
        if (primary == null || primary.copies().size() != endpoint.copies()) {
            primary = previous == null ? null : previous.primary(); // the old version keeps serving
        }
        Traffic traffic = endpoint.traffic();
        ServingSet candidate = traffic.hasCandidate() ? sets.get(traffic.candidate()) : null;
        if (candidate != null && candidate.copies().size() != endpoint.copies()) {
            candidate = previous != null && previous.candidate() == candidate ? candidate : null;
        }
        if (primary != null) {
            Routing next =
                    candidate == null
                            ? Routing.primaryOnly(primary)
                            : new Routing(
                                    primary,
                                    candidate,
                                    traffic.candidatePercent(),
                                    traffic.mirrorPercent(),
                                    traffic.captureId());
            if (!next.equals(previous)) {
                node.install(name, next);
                announce(name, previous, next);
            }
        }
        toRetire.forEach(Copy::retire);
        retireUnwanted(endpoint, sets, primary, candidate);
        node.setStatus(name, status(endpoint, primary, candidate, problem));
    }

    /**
     * Makes the version's set hold the endpoint's number of copies with its thread count, loading
     * what is missing. Returns the failure message, or null.
     */
    private String ensureLoaded(
            Endpoint endpoint,
            ModelVersionId version,
            int threads,
            Map<ModelVersionId, ServingSet> sets,
            List<Copy> toRetire,
            Routing previous) {
        ServingSet current = sets.get(version);
        boolean sameThreads = current != null && current.threadsPerCopy() == threads;
        int wanted = endpoint.copies();
        if (sameThreads && current.copies().size() == wanted) {
            return null;
        }
        if (sameThreads && current.copies().size() > wanted) {
            sets.put(
                    version,
                    new ServingSet(
                            current.version(), threads, current.copies().subList(0, wanted)));
            // Retired only after the smaller set is routed, so no request picks a retired copy
            // twice.
            toRetire.addAll(current.copies().subList(wanted, current.copies().size()));
            return null;
        }
        FailureKey key = new FailureKey(endpoint.name(), version);
        Failure failure = failures.get(key);
        if (failure != null
                && failure.generation() == endpoint.generation()
                && clock.instant().isBefore(failure.retryAt())) {
            return failure.message();
        }
        int existing = sameThreads ? current.copies().size() : 0;
        node.setStatus(
                endpoint.name(),
                new EndpointStatus(
                        previous == null ? State.LOADING : State.UPDATING,
                        previous == null ? 0 : previous.primary().copies().size(),
                        previous == null ? 0 : previous.primary().version().id().version(),
                        previous == null || previous.candidate() == null
                                ? 0
                                : previous.candidate().version().id().version(),
                        "loading " + (wanted - existing) + " copies of " + version));
        List<Copy> fresh = new ArrayList<>();
        ModelVersion model;
        try {
            model = registry.version(version);
            List<GoldenExample> golden = registry.goldenExamples(version);
            for (int i = existing; i < wanted; i++) {
                fresh.add(loadCopy(endpoint, model, golden, threads));
            }
        } catch (RuntimeException e) {
            fresh.forEach(Copy::retire);
            return recordFailure(endpoint, version, key, e);
        }
        List<Copy> copies = new ArrayList<>(sameThreads ? current.copies() : List.of());
        copies.addAll(fresh);
        sets.put(version, new ServingSet(model, threads, copies));
        if (current != null && !sameThreads) {
            toRetire.addAll(current.copies());
        }
        failures.remove(key);
        return null;
    }

    /**
     * Retires loaded sets that are neither wanted nor routed (e.g. the old primary after a swap).
     */
    private static void retireUnwanted(
            Endpoint endpoint,
            Map<ModelVersionId, ServingSet> sets,
            ServingSet primary,
            ServingSet candidate) {
        var iterator = sets.entrySet().iterator();
        while (iterator.hasNext()) {
            var entry = iterator.next();
            ServingSet set = entry.getValue();
            if (set != primary
                    && set != candidate
                    && !endpoint.versions().contains(entry.getKey())) {
                retireAll(set);
                iterator.remove();
            }
        }
    }

    private void announce(String endpoint, Routing previous, Routing next) {
        if (previous == null || previous.primary() != next.primary()) {
            events.append(
                    "endpoint/" + endpoint,
                    "endpoint.ready",
                    "serving "
                            + next.primary().version().id()
                            + " with "
                            + next.primary().copies().size()
                            + " copies");
        }
        if (next.candidate() != null
                && (previous == null || previous.candidate() != next.candidate())) {
            events.append(
                    "endpoint/" + endpoint,
                    "endpoint.candidate-ready",
                    next.candidate().version().id()
                            + " loaded beside the primary ("
                            + (next.mirrorPercent() > 0
                                    ? "mirror " + next.mirrorPercent() + "%"
                                    : next.candidatePercent() + "%")
                            + ")");
        }
    }

    private static EndpointStatus status(
            Endpoint endpoint, ServingSet primary, ServingSet candidate, String problem) {
        int ready = primary == null ? 0 : primary.copies().size();
        int serving = primary == null ? 0 : primary.version().id().version();
        int candidateVersion = candidate == null ? 0 : candidate.version().id().version();
        if (problem != null) {
            String still = primary == null ? "" : "; still serving " + primary.version().id();
            return new EndpointStatus(
                    State.FAILED, ready, serving, candidateVersion, problem + still);
        }
        boolean primaryDone = primary != null && primary.version().id().equals(endpoint.version());
        boolean candidateDone = !endpoint.traffic().hasCandidate() || candidate != null;
        if (primaryDone && candidateDone) {
            return new EndpointStatus(State.READY, ready, serving, candidateVersion, "");
        }
        return new EndpointStatus(
                primary == null ? State.LOADING : State.UPDATING,
                ready,
                serving,
                candidateVersion,
                "loading " + (primaryDone ? endpoint.traffic().candidate() : endpoint.version()));
    }

    private Copy loadCopy(
            Endpoint endpoint, ModelVersion version, List<GoldenExample> golden, int threads) {
        long started = System.nanoTime();
        // Parallelism comes from the copy's worker threads (one request each); a prediction itself
        // runs single-threaded, so a copy never uses more cores than it reserved.
        Predictor predictor = loader.load(version, 1);
        try {
            WarmUp.run(predictor, golden);
        } catch (RuntimeException e) {
            predictor.close();
            throw e;
        }
        log.info(
                "loaded and warmed a copy of {} for endpoint '{}' in {} ms",
                version.id(),
                endpoint.name(),
                (System.nanoTime() - started) / 1_000_000);
        return new Copy(
                endpoint.name(),
                version.id(),
                predictor,
                threads,
                node.maxQueuePerCopy(),
                Batches.canBatch(version.signature()),
                node.queueObserver());
    }

    private String recordFailure(
            Endpoint endpoint, ModelVersionId version, FailureKey key, RuntimeException e) {
        Failure previous = failures.get(key);
        int attempts =
                previous != null && previous.generation() == endpoint.generation()
                        ? previous.attempts() + 1
                        : 1;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 6));
        if (wait.compareTo(MAX_RETRY) > 0) {
            wait = MAX_RETRY;
        }
        String message =
                "loading "
                        + version
                        + " failed (attempt "
                        + attempts
                        + ", retry in "
                        + wait.toSeconds()
                        + "s): "
                        + e.getMessage();
        failures.put(
                key,
                new Failure(endpoint.generation(), attempts, clock.instant().plus(wait), message));
        log.warn("endpoint '{}': {}", endpoint.name(), message);
        if (attempts == 1) {
            events.append("endpoint/" + endpoint.name(), "endpoint.load-failed", message);
        }
        return message;
    }

    private static void retireAll(ServingSet set) {
        if (set != null) {
            set.copies().forEach(Copy::retire);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String name : node.routedEndpoints()) {
            node.install(name, null);
        }
        loaded.values().forEach(sets -> sets.values().forEach(NodeReconciler::retireAll));
        loaded.clear();
    }
}
