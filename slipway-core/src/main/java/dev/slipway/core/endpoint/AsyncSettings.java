package dev.slipway.core.endpoint;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How an endpoint runs asynchronous invocations.
 *
 * @param maxConcurrentPerCopy invocations in flight at once per ready copy
 * @param maxAttempts tries of one invocation when it fails for a retryable reason
 * @param ttl how long an invocation may wait in the queue before it expires, unless the caller asks
 *     for another
 * @param invocationTimeout how long one attempt may run
 * @param notifications webhooks told about finished invocations; null for none
 */
public record AsyncSettings(
        int maxConcurrentPerCopy,
        int maxAttempts,
        Duration ttl,
        Duration invocationTimeout,
        Notifications notifications) {
    public static final Duration MAX_TTL = Duration.ofDays(7);
    public static final Duration MAX_INVOCATION_TIMEOUT = Duration.ofHours(1);
    public static final AsyncSettings DEFAULT =
            new AsyncSettings(1, 3, Duration.ofHours(6), Duration.ofMinutes(15), null);

    public AsyncSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(invocationTimeout, "invocationTimeout");
        if (maxConcurrentPerCopy < 1 || maxConcurrentPerCopy > 1000) {
            throw new IllegalArgumentException(
                    "async.maxConcurrentPerCopy must be between 1 and 1000, got "
                            + maxConcurrentPerCopy);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException(
                    "async.maxAttempts must be between 1 and 100, got " + maxAttempts);
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                    "async.ttl must be between 1s and 7 days, got "
                            + Quantities.formatDuration(ttl));
        }
        if (invocationTimeout.compareTo(Duration.ofMillis(1)) < 0
                || invocationTimeout.compareTo(MAX_INVOCATION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "async.invocationTimeout must be between 1ms and 1h, got "
                            + Quantities.formatDuration(invocationTimeout));
        }
    }

    public AsyncSettings withNotifications(Notifications newNotifications) {
        return new AsyncSettings(
                maxConcurrentPerCopy, maxAttempts, ttl, invocationTimeout, newNotifications);
    }

    /**
     * Webhooks POSTed when an invocation succeeds or fails, signed with HMAC-SHA256 over the body
     * with {@code secret}. Either URL may be null (no call for that outcome).
     */
    public record Notifications(URI onSuccess, URI onError, String secret) {
        public static final int MIN_SECRET_LENGTH = 16;

        public Notifications {
            if (onSuccess == null && onError == null) {
                throw new IllegalArgumentException(
                        "async.notifications needs onSuccess, onError or both");
            }
            requireWebUrl("async.notifications.onSuccess", onSuccess);
            requireWebUrl("async.notifications.onError", onError);
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        "async.notifications.secret must have at least "
                                + MIN_SECRET_LENGTH
                                + " characters (the webhooks are signed with it)");
            }
        }

        private static void requireWebUrl(String field, URI url) {
            if (url == null) {
                return;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || url.getHost() == null
                    || url.getUserInfo() != null) {
                throw new IllegalArgumentException(
                        field + " must be an http(s) URL with a host, got '" + url + "'");
            }
        }

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Notifications[onSuccess=" + onSuccess + ", onError=" + onError + "]";
        }
    }
}
