package dev.slipway.cli.api;

/**
 * {@code "rollout": {"id": 7, "endpoint": "wine", "strategy": "gradual"}}: the rollout a version
 * registration or an endpoint change started. A PATCH answer leaves {@code endpoint} out.
 */
public record RolloutReference(long id, String endpoint, String strategy) {}
