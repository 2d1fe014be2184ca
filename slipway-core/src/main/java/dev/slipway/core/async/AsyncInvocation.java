package dev.slipway.core.async;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous invocation as stored: accepted once, run by a worker that claims it with a lease,
 * and finished exactly once (the row's status is the caller's truth; a result is stored before its
 * status says so).
 *
 * @param input where the payload is: {@code inline} (stored beside the results) or {@code
 *     sha256:<hex>} (an object of the artifact store)
 * @param inferenceId the caller's own label for the request, if any
 * @param attempts claims so far (a claim after a crash counts too)
 * @param notBefore the earliest time of the next attempt (backoff after a retryable failure)
 * @param claimToken who holds the current claim; completing needs it
 * @param notification what is left to do for the endpoint's webhook
 */
public record AsyncInvocation(
        String id,
        String endpoint,
        AsyncStatus status,
        String input,
        String contentType,
        String accept,
        String inferenceId,
        int attempts,
        int maxAttempts,
        Duration timeout,
        Instant createdAt,
        Instant expiresAt,
        Instant notBefore,
        String claimToken,
        Instant leaseUntil,
        Instant startedAt,
        Instant completedAt,
        String outputContentType,
        String error,
        NotificationState notification) {
    public static final String INLINE = "inline";

    public AsyncInvocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(notification, "notification");
    }

    /** A new invocation, queued now. */
    public static AsyncInvocation accepted(
            String id,
            String endpoint,
            String input,
            String contentType,
            String accept,
            String inferenceId,
            int maxAttempts,
            Duration timeout,
            Instant now,
            Duration ttl) {
        return new AsyncInvocation(
                id,
                endpoint,
                AsyncStatus.QUEUED,
                input,
                contentType,
                accept,
                inferenceId,
                0,
                maxAttempts,
                timeout,
                now,
                now.plus(ttl),
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                NotificationState.NONE);
    }

    /** This invocation as a claim leaves it: running, one more attempt, held by {@code token}. */
    public AsyncInvocation claimed(String token, Instant now, Instant lease) {
        return new AsyncInvocation(
                id,
                endpoint,
                AsyncStatus.RUNNING,
                input,
                contentType,
                accept,
                inferenceId,
                attempts + 1,
                maxAttempts,
                timeout,
                createdAt,
                expiresAt,
                notBefore,
                token,
                lease,
                now,
                completedAt,
                outputContentType,
                error,
                notification);
    }

    /** The webhook delivery of a finished invocation. */
    public record NotificationState(Delivery delivery, int attempts, Instant nextAt) {
        public static final NotificationState NONE = new NotificationState(Delivery.NONE, 0, null);

        public enum Delivery {
            /** No webhook for this outcome. */
            NONE,
            PENDING,
            SENT,
            /** Gave up after the last retry. */
            FAILED;

            public String wireName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }
}
