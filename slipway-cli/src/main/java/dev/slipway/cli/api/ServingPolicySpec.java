package dev.slipway.cli.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The part of an {@link EndpointSpec} that says how copies admit and run requests: queue and row
 * limits, batching, and asynchronous invocations. It is written at the top level of the spec (next
 * to {@code copies}); a null field is left out, so a PATCH changes only what it names.
 *
 * @param maxQueue requests waiting per copy before 429
 * @param maxRows rows per request before 413
 */
public record ServingPolicySpec(
        Integer maxQueue, Integer maxRows, BatchingSpec batching, AsyncSpec async) {

    public static final ServingPolicySpec NONE = new ServingPolicySpec(null, null, null, null);

    public boolean changesNothing() {
        return maxQueue == null
                && maxRows == null
                && (batching == null || batching.changesNothing())
                && (async == null || async.changesNothing());
    }

    /** {@code "batching": {"maxBatchSize": 32, "maxDelay": "2ms"}}; maxBatchSize 1 turns it off. */
    public record BatchingSpec(Integer maxBatchSize, String maxDelay) {
        public boolean changesNothing() {
            return maxBatchSize == null && maxDelay == null;
        }
    }

    /**
     * {@code "async": {...}}: how the endpoint runs asynchronous invocations.
     *
     * @param maxConcurrentPerCopy invocations in flight per copy
     * @param maxAttempts tries for retryable failures
     * @param ttl default time an invocation may wait in the queue, e.g. {@code 6h}
     * @param invocationTimeout per-attempt timeout, e.g. {@code 15m}
     * @param notifications null leaves them as they are
     */
    public record AsyncSpec(
            Integer maxConcurrentPerCopy,
            Integer maxAttempts,
            String ttl,
            String invocationTimeout,
            NotificationsChange notifications) {
        public boolean changesNothing() {
            return maxConcurrentPerCopy == null
                    && maxAttempts == null
                    && ttl == null
                    && invocationTimeout == null
                    && notifications == null;
        }
    }

    /** What a write does to the webhooks: set them, or remove them. */
    public sealed interface NotificationsChange permits Notifications, RemoveNotifications {}

    /**
     * Webhooks called when an invocation succeeds or fails, signed with {@code secret}. The server
     * never shows the secret back; neither does {@link #toString()}.
     */
    public record Notifications(String onSuccess, String onError, String secret)
            implements NotificationsChange {
        @Override
        public String toString() {
            return "Notifications[onSuccess="
                    + onSuccess
                    + ", onError="
                    + onError
                    + ", secret="
                    + (secret == null ? "none" : "***")
                    + "]";
        }
    }

    /** {@code "notifications": null}: the endpoint calls no webhooks any more. */
    public record RemoveNotifications() implements NotificationsChange {
        /** Written as JSON null although the field itself is set (other nulls are left out). */
        @JsonValue
        public Object json() {
            return null;
        }
    }
}
