package dev.slipway.core.node;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.WarmUp;
import dev.slipway.core.node.EndpointStatus.State;
import dev.slipway.core.registry.ModelLoader;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.spi.Predictor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Failed loads by endpoint: which generation failed, how often, and when to retry. */
    private final Map<String, Failure> failures = new HashMap<>();

    private record Failure(long generation, int attempts, Instant retryAt) {}

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
        } catch (RuntimeException e) {
            log.error("reconcile pass failed; retrying on the next pass", e);
        }
    }

    /** One pass over all endpoints. Package-private for tests, which call it directly. */
    void reconcileOnce() {
        List<Endpoint> wanted = endpoints.list();
        node.setDesired(wanted);
        Set<String> wantedNames = new java.util.HashSet<>();
        for (Endpoint endpoint : wanted) {
            wantedNames.add(endpoint.name());
            reconcile(endpoint);
        }
        for (String name : node.servingEndpoints()) {
            if (!wantedNames.contains(name)) {
                retireAll(node.install(name, null));
                events.append("endpoint/" + name, "endpoint.unloaded", "all copies unloaded");
            }
        }
        // Also for deleted endpoints that served nothing (failed, stopped): a recreated endpoint
        // starts again at generation 1 and must not inherit the old one's failure and backoff.
        failures.keySet().retainAll(wantedNames);
        node.forgetAllExcept(wantedNames);
    }

    private void reconcile(Endpoint endpoint) {
        ServingSet current = node.serving(endpoint.name()).orElse(null);
        int threads = endpoint.resources().threads();
        boolean sameModel =
                current != null
                        && current.version().id().equals(endpoint.version())
                        && current.threadsPerCopy() == threads;
        if (endpoint.copies() == 0) {
            if (current != null) {
                retireAll(node.install(endpoint.name(), null));
            }
            node.setStatus(endpoint.name(), new EndpointStatus(State.STOPPED, 0, 0, "copies is 0"));
            return;
        }
        if (sameModel && current.copies().size() == endpoint.copies()) {
            markReady(endpoint, current);
            return;
        }
        Failure failure = failures.get(endpoint.name());
        if (failure != null
                && failure.generation() == endpoint.generation()
                && clock.instant().isBefore(failure.retryAt())) {
            return;
        }
        if (sameModel && current.copies().size() > endpoint.copies()) {
            List<Copy> kept = current.copies().subList(0, endpoint.copies());
            ServingSet smaller = new ServingSet(current.version(), threads, kept);
            node.install(endpoint.name(), smaller);
            current.copies()
                    .subList(endpoint.copies(), current.copies().size())
                    .forEach(Copy::retire);
            markReady(endpoint, smaller);
            return;
        }
        int existing = sameModel ? current.copies().size() : 0;
        node.setStatus(
                endpoint.name(),
                new EndpointStatus(
                        current == null ? State.LOADING : State.UPDATING,
                        current == null ? 0 : current.copies().size(),
                        current == null ? 0 : current.version().id().version(),
                        "loading "
                                + (endpoint.copies() - existing)
                                + " copies of "
                                + endpoint.version()));
        ModelVersion version;
        List<Copy> loaded = new ArrayList<>();
        try {
            version = registry.version(endpoint.version());
            List<GoldenExample> golden = registry.goldenExamples(endpoint.version());
            for (int i = existing; i < endpoint.copies(); i++) {
                loaded.add(loadCopy(endpoint, version, golden, threads));
            }
        } catch (RuntimeException e) {
            loaded.forEach(Copy::retire);
            recordFailure(endpoint, current, e);
            return;
        }
        List<Copy> copies = new ArrayList<>(sameModel ? current.copies() : List.of());
        copies.addAll(loaded);
        ServingSet next = new ServingSet(version, threads, copies);
        ServingSet previous = node.install(endpoint.name(), next);
        if (previous != null && !sameModel) {
            retireAll(previous);
        }
        failures.remove(endpoint.name());
        markReady(endpoint, next);
        events.append(
                "endpoint/" + endpoint.name(),
                "endpoint.ready",
                "serving " + version.id() + " with " + copies.size() + " copies");
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
        return new Copy(endpoint.name(), version.id(), predictor, threads, node.maxQueuePerCopy());
    }

    private void recordFailure(Endpoint endpoint, ServingSet current, RuntimeException e) {
        Failure previous = failures.get(endpoint.name());
        int attempts =
                previous != null && previous.generation() == endpoint.generation()
                        ? previous.attempts() + 1
                        : 1;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 6));
        if (wait.compareTo(MAX_RETRY) > 0) {
            wait = MAX_RETRY;
        }
        failures.put(
                endpoint.name(),
                new Failure(endpoint.generation(), attempts, clock.instant().plus(wait)));
        String message =
                "loading "
                        + endpoint.version()
                        + " failed (attempt "
                        + attempts
                        + ", retry in "
                        + wait.toSeconds()
                        + "s): "
                        + e.getMessage()
                        + (current == null ? "" : "; still serving " + current.version().id());
        log.warn("endpoint '{}': {}", endpoint.name(), message);
        node.setStatus(
                endpoint.name(),
                new EndpointStatus(
                        State.FAILED,
                        current == null ? 0 : current.copies().size(),
                        current == null ? 0 : current.version().id().version(),
                        message));
        if (attempts == 1) {
            events.append("endpoint/" + endpoint.name(), "endpoint.load-failed", message);
        }
    }

    private void markReady(Endpoint endpoint, ServingSet set) {
        node.setStatus(
                endpoint.name(),
                new EndpointStatus(
                        State.READY, set.copies().size(), set.version().id().version(), ""));
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
        for (String name : node.servingEndpoints()) {
            retireAll(node.install(name, null));
        }
    }
}
