package dev.slipway.core.node;

import java.util.Locale;

/**
 * What the node reports about an endpoint.
 *
 * @param servingVersion the primary version answering traffic, or 0 when none
 * @param candidateVersion the candidate version loaded beside it, or 0 when none
 */
public record EndpointStatus(
        State state, int readyCopies, int servingVersion, int candidateVersion, String message) {

    public EndpointStatus(State state, int readyCopies, int servingVersion, String message) {
        this(state, readyCopies, servingVersion, 0, message);
    }

    /** Lifecycle of an endpoint on its node. */
    public enum State {
        /** Known, not yet acted on. */
        PENDING,
        /** Loading copies; nothing serves yet. */
        LOADING,
        /** Serving an older spec while loading the new one. */
        UPDATING,
        /** Serving exactly the desired spec. */
        READY,
        /** The desired spec could not be loaded; see the message (an older version may serve). */
        FAILED,
        /** Desired copies are zero. */
        STOPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static EndpointStatus pending() {
        return new EndpointStatus(State.PENDING, 0, 0, 0, "");
    }
}
