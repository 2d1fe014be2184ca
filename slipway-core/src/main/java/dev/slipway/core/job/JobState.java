package dev.slipway.core.job;

import java.util.Locale;

/** Where a batch job is. The last three end it. */
public enum JobState {
    /** Accepted; waits for a free runner slot. */
    QUEUED,
    /** Planning its shards or running them (also after a restart, until it ends). */
    RUNNING,
    /** Every shard is done, the output is assembled and the error ratio is within the limit. */
    SUCCEEDED,
    /** Too many bad rows, or something the job cannot get past (unreadable input, no model). */
    FAILED,
    /** Stopped on request; finished shards are kept but no output is assembled. */
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether a job in this state may move to {@code next}. */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING -> next.finished();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for an unknown name
     */
    public static JobState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
