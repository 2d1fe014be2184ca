package dev.slipway.core.async;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue of asynchronous invocations. Claims are exclusive (row locks where the database
 * has them) and every transition after a claim is conditional on the claim's token, so a worker
 * whose lease ran out can never overwrite the outcome of the one that took over.
 */
public interface AsyncStore {

    void insert(AsyncInvocation invocation);

    Optional<AsyncInvocation> find(String id);

    /** Newest first; null filters match everything. */
    List<AsyncInvocation> list(String endpoint, AsyncStatus status, int limit);

    /**
     * Claims up to {@code limit} invocations of the endpoint that are due: queued with {@code
     * notBefore <= now} and not expired, or running with a lease that ran out (their worker died).
     * Each claim counts one attempt, takes {@code token} and holds the lease until {@code now +
     * timeout + grace}.
     */
    List<AsyncInvocation> claim(String endpoint, int limit, Instant now, String token);

    /** Marks a claimed invocation succeeded; false when the claim was lost meanwhile. */
    boolean succeed(
            String id,
            String token,
            String outputContentType,
            Instant now,
            AsyncInvocation.NotificationState notification);

    /** Marks a claimed invocation failed for good; false when the claim was lost meanwhile. */
    boolean fail(
            String id,
            String token,
            String error,
            Instant now,
            AsyncInvocation.NotificationState notification);

    /** Puts a claimed invocation back in the queue until {@code notBefore}. */
    boolean retryLater(String id, String token, String error, Instant notBefore);

    /** Queued invocations whose time to live has passed, oldest first. */
    List<AsyncInvocation> expired(Instant now, int limit);

    /** Marks a queued invocation expired; false when it was claimed meanwhile. */
    boolean expire(
            String id, String error, Instant now, AsyncInvocation.NotificationState notification);

    /** Invocations waiting or running, by endpoint (the backlog that brings copies up). */
    Map<String, Integer> openByEndpoint();

    /** Finished invocations whose webhook is due, oldest first. */
    List<AsyncInvocation> notificationsDue(Instant now, int limit);

    void updateNotification(String id, AsyncInvocation.NotificationState notification);
}
