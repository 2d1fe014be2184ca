package dev.slipway.core.node;

/**
 * Receives mirrored pairs for capture and analysis. Called from inference threads once the caller's
 * answer is computed (for an inline call, on the caller's thread before the answer is written);
 * implementations must not block and are thread-safe.
 */
public interface MirrorSink {
    MirrorSink NONE = pair -> {};

    void accept(MirroredRequest pair);
}
