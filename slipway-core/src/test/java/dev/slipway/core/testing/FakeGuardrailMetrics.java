package dev.slipway.core.testing;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.GuardrailMetrics;
import dev.slipway.core.rollout.TrafficWindow;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the window the test set for each version ({@link TrafficWindow#EMPTY} otherwise),
 * whatever instant it is asked from; remembers the last instant asked. Thread-safe.
 */
public final class FakeGuardrailMetrics implements GuardrailMetrics {
    private final Map<ModelVersionId, TrafficWindow> windows = new ConcurrentHashMap<>();
    private volatile Instant lastSince;

    public void window(ModelVersionId version, TrafficWindow window) {
        windows.put(version, window);
    }

    /** The instant of the last question, or null. */
    public Instant lastSince() {
        return lastSince;
    }

    @Override
    public TrafficWindow since(String endpoint, ModelVersionId version, Instant since) {
        lastSince = since;
        return windows.getOrDefault(version, TrafficWindow.EMPTY);
    }
}
