package dev.slipway.core.rollout;

import dev.slipway.core.analysis.MirroredPair;
import java.util.List;

/** The captured pairs of a shadow rollout, read back for its analysis. Thread-safe. */
public interface MirrorCaptures {

    List<MirroredPair> read(String captureId);
}
