package dev.slipway.core.job;

import java.time.Duration;
import java.time.Instant;

/**
 * A job with its live progress: rows done including the shards in progress, the rate, and the
 * estimated time left.
 *
 * @param rowsPerSecond for a running job, since this process started running it; for a finished
 *     one, over its whole run
 * @param remaining the estimated time left, or null when it cannot be estimated yet
 */
public record JobStatus(BatchJob job, long rowsDone, double rowsPerSecond, Duration remaining) {

    static JobStatus of(BatchJob job, JobProgress live, long nowNanos) {
        if (job.state() == JobState.RUNNING && live != null) {
            long done = job.rowsDone() + live.rowsInFlight();
            if (job.rowsTotal() >= 0) {
                done = Math.min(done, job.rowsTotal());
            }
            double rate = live.rowsPerSecond(nowNanos);
            Duration remaining =
                    rate > 0 && job.rowsTotal() >= 0
                            ? Duration.ofMillis((long) ((job.rowsTotal() - done) * 1000 / rate))
                            : null;
            return new JobStatus(job, done, rate, remaining);
        }
        if (job.state().finished() && job.startedAt() != null && job.finishedAt() != null) {
            double seconds = secondsBetween(job.startedAt(), job.finishedAt());
            double rate = seconds > 0 ? job.rowsDone() / seconds : 0;
            return new JobStatus(job, job.rowsDone(), rate, Duration.ZERO);
        }
        return new JobStatus(job, job.rowsDone(), 0, null);
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
