package dev.slipway.core.async;

import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.Eventually;
import dev.slipway.core.testing.FakeAsyncInvoker;
import dev.slipway.core.testing.FakeClock;
import dev.slipway.core.testing.InMemoryAsyncPayloads;
import dev.slipway.core.testing.InMemoryAsyncStore;
import dev.slipway.core.testing.InMemoryEndpointStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoint {@code scoring} with the test's asynchronous settings and ready copies, and an {@link
 * AsyncWorker} over fakes that share one journal of transitions and writes. Tests queue
 * invocations, run one pass at a time and wait until the worker's pool has finished what the pass
 * claimed. A finished invocation makes the worker trigger a pass of its own on its scheduler; that
 * pass reads the same fake clock, so it only claims what the test's next pass would claim anyway.
 */
final class AsyncWorkerFixture implements AutoCloseable {
    static final String ENDPOINT = "scoring";
    static final Duration KEEP_WARM = Duration.ofMinutes(5);
    static final Duration TTL = Duration.ofHours(1);
    static final Duration TIMEOUT = Duration.ofMinutes(1);
    static final byte[] PAYLOAD = "{\"amount\":42}".getBytes(StandardCharsets.UTF_8);

    final FakeClock clock = new FakeClock();
    final List<String> journal = new CopyOnWriteArrayList<>();
    final InMemoryAsyncStore store = new InMemoryAsyncStore(journal::add);
    final InMemoryAsyncPayloads payloads = new InMemoryAsyncPayloads(journal::add);
    final InMemoryEndpointStore endpoints = new InMemoryEndpointStore();
    final FakeAsyncInvoker invoker = new FakeAsyncInvoker();
    final Map<String, Integer> readyCopies = new ConcurrentHashMap<>();
    final AtomicInteger copiesWanted = new AtomicInteger();
    final AsyncWorker worker = newWorker();
    private final List<AsyncWorker> others = new ArrayList<>();
    private int queued;

    /** {@code scoring} with {@code settings} and {@code copies} ready copies. */
    AsyncWorkerFixture(AsyncSettings settings, int copies) {
        endpoints.insert(AsyncSpecs.endpoint(ENDPOINT, settings));
        readyCopies.put(ENDPOINT, copies);
    }

    /** One invocation at a time on one ready copy, three attempts. */
    AsyncWorkerFixture() {
        this(AsyncSpecs.settings(1, 3), 1);
    }

    /** Another process's worker on the same store (e.g. the one that takes over a lost lease). */
    AsyncWorker otherWorker() {
        AsyncWorker other = newWorker();
        others.add(other);
        return other;
    }

    private AsyncWorker newWorker() {
        return new AsyncWorker(
                store,
                endpoints,
                name -> readyCopies.getOrDefault(name, 0),
                invoker,
                payloads,
                clock,
                copiesWanted::incrementAndGet,
                KEEP_WARM);
    }

    /** Queues an invocation of {@code scoring} now, as AsyncService would; returns its id. */
    String queue() {
        return queue(ENDPOINT, TTL);
    }

    String queue(String endpoint, Duration ttl) {
        String id = "invocation-%02d".formatted(++queued);
        payloads.writeInput(id, PAYLOAD);
        int maxAttempts =
                endpoints.find(endpoint).map(spec -> spec.async().maxAttempts()).orElse(3);
        store.insert(
                AsyncInvocation.accepted(
                        id,
                        endpoint,
                        AsyncInvocation.INLINE,
                        "application/json",
                        "",
                        null,
                        maxAttempts,
                        TIMEOUT,
                        clock.instant(),
                        ttl));
        return id;
    }

    /** One pass of the worker, then waits until everything it claimed has finished. */
    void passAndSettle() {
        worker.passOnce();
        awaitSettled();
    }

    /** Waits until no invocation of {@code scoring} is claimed or still finishing on the pool. */
    void awaitSettled() {
        Eventually.waitUntil(
                "the claimed invocations to finish",
                () -> !store.anyRunning(ENDPOINT) && worker.inFlight(ENDPOINT) == 0);
    }

    AsyncInvocation invocation(String id) {
        return store.get(id);
    }

    @Override
    public void close() {
        worker.close();
        others.forEach(AsyncWorker::close);
    }
}
