package dev.slipway.core.node;

import dev.slipway.core.registry.ModelVersionId;

/**
 * Told about every request a copy finished, per version: the raw material of rollout guardrails.
 * Called from inference threads; implementations must be fast and thread-safe.
 */
public interface RequestObserver {
    RequestObserver NONE = (endpoint, version, nanos, failed) -> {};

    /**
     * @param failed the model or runtime failed or timed out (a 5xx), not a caller's mistake
     */
    void completed(String endpoint, ModelVersionId version, long nanos, boolean failed);

    /**
     * Where one version's requests are recorded. The node asks once per serving set and keeps the
     * answer, so that an observer which files requests by endpoint and version (a map lookup and a
     * key per request) can do that lookup once.
     */
    default Recorder recorder(String endpoint, ModelVersionId version) {
        return (nanos, failed) -> completed(endpoint, version, nanos, failed);
    }

    /** {@link #completed} for one endpoint version. */
    @FunctionalInterface
    interface Recorder {
        void completed(long nanos, boolean failed);
    }
}
