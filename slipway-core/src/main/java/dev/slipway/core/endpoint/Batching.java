package dev.slipway.core.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * Dynamic batching of one endpoint's copies: concurrent requests are merged along the batch
 * dimension into one runtime call of at most {@code maxBatchSize} rows, waiting at most {@code
 * maxDelay} after the first request for others to join.
 */
public record Batching(int maxBatchSize, Duration maxDelay) {
    public static final int MAX_BATCH_SIZE = 4096;
    public static final Duration MAX_DELAY = Duration.ofSeconds(1);
    // After MAX_DELAY: the constructor reads it.
    public static final Batching OFF = new Batching(1, Duration.ZERO);

    public Batching {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "batching.maxBatchSize must be between 1 and "
                            + MAX_BATCH_SIZE
                            + ", got "
                            + maxBatchSize);
        }
        if (maxDelay.isNegative() || maxDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(
                    "batching.maxDelay must be between 0ms and 1s, got "
                            + Quantities.formatDuration(maxDelay));
        }
    }

    /** Whether requests may be merged at all. */
    public boolean enabled() {
        return maxBatchSize > 1;
    }
}
