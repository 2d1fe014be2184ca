package dev.slipway.core.node;

/**
 * Receives mirrored pairs for capture and analysis. Called from inference threads after the caller
 * already has its answer; implementations must not block for long and are thread-safe.
 */
public interface MirrorSink {
    MirrorSink NONE = pair -> {};

    void accept(MirroredRequest pair);
}
