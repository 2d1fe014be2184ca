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
}
