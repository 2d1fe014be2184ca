package dev.slipway.core.async;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.NativeThreads;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs asynchronous invocations from the durable queue on the endpoints' copies: claims as many as
 * the ready copies may run ({@code maxConcurrentPerCopy} each), stores each result before marking
 * it succeeded, retries retryable failures with exponential backoff, and expires what waited past
 * its time to live. A backlog on an endpoint scaled to zero asks the node for a copy.
 *
 * <p>Crash safety comes from the store: a claim is a lease; if this process dies, the lease runs
 * out and the next claim runs the invocation again. A result is written before the status that
 * publishes it, so a caller never sees "succeeded" without its output; a second run only happens
 * when the first never committed.
 *
 * <p>Thread-safety: passes run on one scheduler thread; completions on a small I/O pool.
 */
public final class AsyncWorker implements WaitingWork, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncWorker.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    /** Failures worth another attempt: the model or the node, not the payload. */
    private static final Set<ErrorCode> RETRYABLE =
            Set.of(
                    ErrorCode.QUEUE_FULL,
                    ErrorCode.ENDPOINT_NOT_READY,
                    ErrorCode.TIMEOUT,
                    ErrorCode.RUNTIME_FAILURE,
                    ErrorCode.INTERNAL);

    private final AsyncStore store;
    private final EndpointStore endpoints;
    private final ToIntFunction<String> readyCopies;
    private final AsyncInvoker invoker;
    private final AsyncPayloads payloads;
    private final Clock clock;
    private final Runnable backlogOnIdleEndpoint;
    private final Duration keepWarm;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Map<String, Integer> open = Map.of();
    private final Map<String, Instant> lastWork = new ConcurrentHashMap<>();

    /**
     * @param readyCopies how many copies of an endpoint's primary version are ready now
     * @param backlogOnIdleEndpoint called when work waits for an endpoint without ready copies (the
     *     node reconciler's trigger)
     * @param keepWarm how long a copy brought up from zero stays after the backlog is done
     */
    public AsyncWorker(
            AsyncStore store,
            EndpointStore endpoints,
            ToIntFunction<String> readyCopies,
            AsyncInvoker invoker,
            AsyncPayloads payloads,
            Clock clock,
            Runnable backlogOnIdleEndpoint,
            Duration keepWarm) {
        this.store = store;
        this.endpoints = endpoints;
        this.readyCopies = readyCopies;
        this.invoker = invoker;
        this.payloads = payloads;
        this.clock = clock;
        this.backlogOnIdleEndpoint = backlogOnIdleEndpoint;
        this.keepWarm = keepWarm;
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(NativeThreads.named("async-worker"));
        this.io = Executors.newFixedThreadPool(2, NativeThreads.named("async-io"));
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(
                this::safePass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon (e.g. after an invocation was accepted). */
    public void trigger() {
        if (passQueued.compareAndSet(false, true)) {
            scheduler.execute(
                    () -> {
                        passQueued.set(false);
                        safePass();
                    });
        }
    }

    @Override
    public boolean waitsFor(String endpoint) {
        if (open.getOrDefault(endpoint, 0) > 0) {
            return true;
        }
        Instant last = lastWork.get(endpoint);
        return last != null && clock.instant().isBefore(last.plus(keepWarm));
    }

    /** Invocations of the endpoint this process is running now. */
    public int inFlight(String endpoint) {
        AtomicInteger count = inFlight.get(endpoint);
        return count == null ? 0 : count.get();
    }

    private void safePass() {
        try {
            passOnce();
        } catch (RuntimeException e) {
            log.error("async pass failed; retrying on the next pass", e);
        }
    }

    /** One pass: expire, then claim and start what the copies have room for. */
    void passOnce() {
        Instant now = clock.instant();
        for (AsyncInvocation invocation : store.expired(now, 100)) {
            expire(invocation, now);
        }
        Map<String, Integer> backlog = store.openByEndpoint();
        open = backlog;
        boolean wantCopies = false;
        for (Endpoint endpoint : endpoints.list()) {
            String name = endpoint.name();
            if (backlog.getOrDefault(name, 0) == 0) {
                continue;
            }
            lastWork.put(name, now);
            int copies = readyCopies.applyAsInt(name);
            if (copies == 0) {
                wantCopies = true;
                continue;
            }
            int room = copies * endpoint.async().maxConcurrentPerCopy() - inFlight(name);
            if (room <= 0) {
                continue;
            }
            String token = UUID.randomUUID().toString();
            for (AsyncInvocation claimed : store.claim(name, room, now, token)) {
                if (claimed.attempts() > claimed.maxAttempts()) {
                    // Claimed again after its workers died every time.
                    failForGood(
                            claimed,
                            token,
                            "the server stopped while running this invocation "
                                    + claimed.maxAttempts()
                                    + " times",
                            now);
                } else {
                    run(claimed, token);
                }
            }
        }
        if (wantCopies) {
            backlogOnIdleEndpoint.run();
        }
    }

    private void expire(AsyncInvocation invocation, Instant now) {
        String error =
                "expired after waiting "
                        + Duration.between(invocation.createdAt(), now).toSeconds()
                        + "s in the queue (time to live "
                        + Duration.between(invocation.createdAt(), invocation.expiresAt())
                                .toSeconds()
                        + "s)";
        try {
            payloads.writeFailure(invocation, error);
        } catch (IOException e) {
            log.warn("could not write the failure record of {}: {}", invocation.id(), e.toString());
            return; // the next pass tries again: the record must exist before the status says so
        }
        store.expire(
                invocation.id(), error, now, notificationFor(invocation.endpoint(), false, now));
    }

    private void run(AsyncInvocation invocation, String token) {
        counter(invocation.endpoint()).incrementAndGet();
        CompletableFuture.supplyAsync(() -> readInput(invocation), io)
                .thenCompose(payload -> invoker.invoke(invocation, payload))
                .whenCompleteAsync(
                        (output, failure) -> {
                            try {
                                finish(invocation, token, output, failure);
                            } catch (RuntimeException e) {
                                // The lease runs out and another claim runs it again.
                                log.error(
                                        "finishing async invocation {} failed", invocation.id(), e);
                            } finally {
                                counter(invocation.endpoint()).decrementAndGet();
                                trigger();
                            }
                        },
                        io);
    }

    private byte[] readInput(AsyncInvocation invocation) {
        try {
            return payloads.readInput(invocation);
        } catch (IOException e) {
            throw new SlipwayException(
                    ErrorCode.INTERNAL, "could not read the invocation's input: " + e, e);
        }
    }

    private void finish(
            AsyncInvocation invocation,
            String token,
            AsyncInvoker.Output output,
            Throwable failure) {
        Instant now = clock.instant();
        if (failure == null) {
            try {
                payloads.writeOutput(invocation.id(), output.body());
            } catch (IOException e) {
                failure =
                        new SlipwayException(
                                ErrorCode.INTERNAL, "could not store the result: " + e, e);
            }
        }
        if (failure == null) {
            if (!store.succeed(
                    invocation.id(),
                    token,
                    output.contentType(),
                    now,
                    notificationFor(invocation.endpoint(), true, now))) {
                log.info("async invocation {} was claimed again meanwhile", invocation.id());
            }
            return;
        }
        Throwable cause = unwrap(failure);
        ErrorCode code = cause instanceof SlipwayException e ? e.code() : ErrorCode.RUNTIME_FAILURE;
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        int attempt = invocation.attempts();
        if (RETRYABLE.contains(code) && attempt < invocation.maxAttempts()) {
            store.retryLater(invocation.id(), token, message, now.plus(backoff(attempt)));
            return;
        }
        failForGood(
                invocation,
                token,
                attempt > 1 && RETRYABLE.contains(code)
                        ? message + " (after " + attempt + " attempts)"
                        : message,
                now);
    }

    /**
     * Writes the failure record, then marks the invocation failed; if the record cannot be written,
     * puts it back in the queue (the record must exist before the status says so).
     */
    private void failForGood(AsyncInvocation invocation, String token, String error, Instant now) {
        try {
            payloads.writeFailure(invocation, error);
        } catch (IOException e) {
            log.warn("could not write the failure record of {}: {}", invocation.id(), e.toString());
            store.retryLater(
                    invocation.id(), token, error, now.plus(backoff(invocation.attempts())));
            return;
        }
        store.fail(
                invocation.id(),
                token,
                error,
                now,
                notificationFor(invocation.endpoint(), false, now));
    }

    /** 1 s, 2 s, 4 s … at most a minute. */
    static Duration backoff(int attempt) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 10));
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }

    private AsyncInvocation.NotificationState notificationFor(
            String endpoint, boolean succeeded, Instant now) {
        var notifications =
                endpoints.find(endpoint).map(spec -> spec.async().notifications()).orElse(null);
        boolean wanted =
                notifications != null
                        && (succeeded ? notifications.onSuccess() : notifications.onError())
                                != null;
        return wanted
                ? new AsyncInvocation.NotificationState(
                        AsyncInvocation.NotificationState.Delivery.PENDING, 0, now)
                : AsyncInvocation.NotificationState.NONE;
    }

    private AtomicInteger counter(String endpoint) {
        return inFlight.computeIfAbsent(endpoint, key -> new AtomicInteger());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdown();
    }
}
