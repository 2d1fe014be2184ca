package dev.slipway.core.endpoint;

import java.util.Objects;

/**
 * How each copy of an endpoint admits requests.
 *
 * @param maxQueue requests a copy holds waiting before it answers "queue full" (429); 0 means the
 *     node's default
 * @param maxRows rows one request may carry (a larger one is refused with 413); 0 means no limit
 *     beyond the request size limit
 * @param batching how waiting requests are merged into one runtime call
 */
public record QueuePolicy(int maxQueue, int maxRows, Batching batching) {
    public static final QueuePolicy DEFAULT = new QueuePolicy(0, 0, Batching.OFF);
    public static final int MAX_QUEUE = 100_000;
    public static final int MAX_ROWS = 1_000_000;

    public QueuePolicy {
        Objects.requireNonNull(batching, "batching");
        if (maxQueue < 0 || maxQueue > MAX_QUEUE) {
            throw new IllegalArgumentException(
                    "maxQueue must be between 1 and " + MAX_QUEUE + ", got " + maxQueue);
        }
        if (maxRows < 0 || maxRows > MAX_ROWS) {
            throw new IllegalArgumentException(
                    "maxRows must be between 1 and " + MAX_ROWS + ", got " + maxRows);
        }
    }

    public QueuePolicy withBatching(Batching newBatching) {
        return new QueuePolicy(maxQueue, maxRows, newBatching);
    }
}
