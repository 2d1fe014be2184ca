package dev.slipway.core.async;

import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncInvocation.NotificationState.Delivery;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.node.NativeThreads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the endpoints' webhooks for finished invocations, from the state kept with each invocation:
 * a receiver that is down gets the call again with exponential backoff (1 s, 2 s, 4 s … at most 5
 * min) until {@link #MAX_ATTEMPTS}; a restart picks up where the last process stopped. Delivery is
 * at least once: receivers deduplicate on the invocation id.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    public static final int MAX_ATTEMPTS = 10;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final AsyncStore store;
    private final EndpointStore endpoints;
    private final WebhookSender sender;
    private final Clock clock;
    private final ScheduledExecutorService thread;

    public Notifier(AsyncStore store, EndpointStore endpoints, WebhookSender sender, Clock clock) {
        this.store = store;
        this.endpoints = endpoints;
        this.sender = sender;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(NativeThreads.named("webhooks"));
    }

    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(
                () -> {
                    try {
                        passOnce();
                    } catch (RuntimeException e) {
                        log.error("webhook pass failed; retrying on the next pass", e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Sends every due webhook once. */
    void passOnce() {
        for (AsyncInvocation invocation : store.notificationsDue(clock.instant(), 50)) {
            store.updateNotification(invocation.id(), deliver(invocation));
        }
    }

    private NotificationState deliver(AsyncInvocation invocation) {
        AsyncSettings.Notifications notifications =
                endpoints
                        .find(invocation.endpoint())
                        .map(Endpoint::async)
                        .map(AsyncSettings::notifications)
                        .orElse(null);
        URI url =
                notifications == null
                        ? null
                        : invocation.status() == AsyncStatus.SUCCEEDED
                                ? notifications.onSuccess()
                                : notifications.onError();
        if (url == null) {
            return NotificationState.NONE; // the endpoint's webhook was removed meanwhile
        }
        int attempts = invocation.notification().attempts() + 1;
        String problem;
        try {
            problem = sender.send(url, invocation, notifications);
        } catch (RuntimeException e) {
            problem = e.toString();
        }
        Instant now = clock.instant();
        if (problem == null) {
            return new NotificationState(Delivery.SENT, attempts, null);
        }
        if (attempts >= MAX_ATTEMPTS) {
            log.warn(
                    "gave up calling the webhook of invocation {} after {} attempts: {}",
                    invocation.id(),
                    attempts,
                    problem);
            return new NotificationState(Delivery.FAILED, attempts, null);
        }
        return new NotificationState(Delivery.PENDING, attempts, now.plus(backoff(attempts)));
    }

    static Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempts - 1, 10));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
