package dev.slipway.core.rollout;

import dev.slipway.core.registry.ModelVersionId;
import java.time.Instant;

/** Per-version request statistics of an endpoint, for guardrails. Thread-safe. */
public interface GuardrailMetrics {

    /** What the version answered for the endpoint since the instant. */
    TrafficWindow since(String endpoint, ModelVersionId version, Instant since);
}
