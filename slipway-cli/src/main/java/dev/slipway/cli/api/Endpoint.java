package dev.slipway.cli.api;

import java.util.Map;

/**
 * An endpoint as {@code GET /api/v1/endpoints/{endpoint}} answers it.
 *
 * @param rollout only in the answer to a PATCH that started a rollout
 */
public record Endpoint(
        String name,
        ServedModel model,
        int copies,
        Resources resources,
        String timeout,
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

    /** What is actually running: {@code state} is pending, loading, ready or failed. */
    public record Status(String state, int readyCopies, Integer servingVersion, String message) {}
}
