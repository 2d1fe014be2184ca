package dev.slipway.core.job;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one job's run in this process, between the checkpoints in the store: rows
 * predicted in shards not yet committed, and rows per second since the run began. Thread-safe.
 */
public final class JobProgress {
    private final long startedNanos;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();

    public JobProgress(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** Rows of a running shard were predicted (or failed). */
    void advance(long rows) {
        inFlight.addAndGet(rows);
        processed.addAndGet(rows);
    }

    /** A shard's rows are now counted by the store (committed), or dropped (abandoned). */
    void settle(long rows) {
        inFlight.addAndGet(-rows);
    }

    /** Rows predicted in shards that have not been committed yet. */
    public long rowsInFlight() {
        return Math.max(0, inFlight.get());
    }

    /** Rows handled by this run per second since it started. */
    public double rowsPerSecond(long nowNanos) {
        double seconds = (nowNanos - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : processed.get() / seconds;
    }
}
