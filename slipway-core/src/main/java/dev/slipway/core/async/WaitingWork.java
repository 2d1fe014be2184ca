package dev.slipway.core.async;

/**
 * Whether asynchronous work waits for an endpoint: what makes the node load a copy of an endpoint
 * scaled to zero.
 */
public interface WaitingWork {
    WaitingWork NONE = endpoint -> false;

    boolean waitsFor(String endpoint);
}
