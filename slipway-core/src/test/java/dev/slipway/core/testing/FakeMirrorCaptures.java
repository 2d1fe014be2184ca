package dev.slipway.core.testing;

import dev.slipway.core.analysis.MirroredPair;
import dev.slipway.core.rollout.MirrorCaptures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The mirrored pairs the test set for each capture id (none otherwise). Thread-safe. */
public final class FakeMirrorCaptures implements MirrorCaptures {
    private final Map<String, List<MirroredPair>> captures = new ConcurrentHashMap<>();

    public void capture(String captureId, List<MirroredPair> pairs) {
        captures.put(captureId, List.copyOf(pairs));
    }

    @Override
    public List<MirroredPair> read(String captureId) {
        return captures.getOrDefault(captureId, List.of());
    }
}
