package dev.slipway.core.async;

import java.util.Locale;

/** Where an asynchronous invocation is in its life. */
public enum AsyncStatus {
    /** Accepted, waiting for a copy (or for its next attempt after a retryable failure). */
    QUEUED,
    /** Claimed by a worker; its lease says until when. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Waited in the queue past its time to live; never ran to completion. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AsyncStatus fromWire(String text) {
        for (AsyncStatus status : values()) {
            if (status.wireName().equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException(
                "unknown status '" + text + "' (queued, running, succeeded, failed, expired)");
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == EXPIRED;
    }
}
