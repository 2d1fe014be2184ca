package dev.slipway.cli.api;

import java.util.Map;

/**
 * An endpoint as {@code GET /api/v1/endpoints/{endpoint}} answers it.
 *
 * @param maxQueue requests waiting per copy before 429; null when the server's default applies
 * @param maxRows rows per request before 413; null when unlimited
 * @param batching null only from a server that predates batching
 * @param async null only from a server that predates async invocations
 * @param rollout only in the answer to a PATCH that started a rollout
 */
public record Endpoint(
        String name,
        ServedModel model,
        int copies,
        Resources resources,
        String timeout,
        Integer maxQueue,
        Integer maxRows,
        Batching batching,
        Async async,
        long generation,
        Status status,
        Map<String, String> urls,
        String createdAt,
        String updatedAt,
        RolloutReference rollout) {

    public Endpoint {
        urls = WireCollections.map(urls);
        resources = resources == null ? new Resources(null, null) : resources;
        status = status == null ? new Status(null, 0, null, null) : status;
    }

    /**
     * The version the spec names: {@code ref} as written ({@code fraud@champion}), {@code name} and
     * {@code version} as resolved when the spec was written.
     */
    public record ServedModel(String ref, String name, Integer version) {
        /** {@code name:version}, the resolved version. */
        public String pinned() {
            return name + ":" + version;
        }

        /**
         * For people: {@code fraud:2}, or {@code fraud@champion (2)} when the spec names an alias.
         */
        public String label() {
            if (ref == null || ref.equals(pinned())) {
                return pinned();
            }
            return ref + " (" + version + ")";
        }
    }

    /** Per-copy resources; memory as the server spells it ({@code 512Mi}). */
    public record Resources(Double cores, String memory) {}

    /** Merging of waiting requests: {@code maxBatchSize} 1 means off. */
    public record Batching(Integer maxBatchSize, String maxDelay) {
        public boolean enabled() {
            return maxBatchSize != null && maxBatchSize > 1;
        }
    }

    /** How asynchronous invocations run; durations as the server spells them ({@code 6h}). */
    public record Async(
            Integer maxConcurrentPerCopy,
            Integer maxAttempts,
            String ttl,
            String invocationTimeout,
            Notifications notifications) {}

    /**
     * The webhooks, as far as the server shows them: the secret is write-only, so only whether one
     * is set.
     */
    public record Notifications(String onSuccess, String onError, boolean secretSet) {}

    /** What is actually running: {@code state} is pending, loading, ready or failed. */
    public record Status(String state, int readyCopies, Integer servingVersion, String message) {}
}
