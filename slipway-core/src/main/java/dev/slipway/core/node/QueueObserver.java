package dev.slipway.core.node;

/**
 * Told how copies' queues behave: the raw material of the queue and batching metrics. Called from
 * request and inference threads; implementations must be fast and thread-safe.
 */
public interface QueueObserver {
    QueueObserver NONE =
            new QueueObserver() {
                @Override
                public void rejected(String endpoint) {}

                @Override
                public void dequeued(String endpoint, long waitedNanos, boolean expired) {}

                @Override
                public void ran(String endpoint, int rows, int requests) {}
            };

    /** A request was refused because the copy's queue was full. */
    void rejected(String endpoint);

    /**
     * A request left the queue after {@code waitedNanos}; {@code expired} when its deadline had
     * passed, so it was dropped unrun.
     */
    void dequeued(String endpoint, long waitedNanos, boolean expired);

    /** One runtime call ran {@code rows} rows merged from {@code requests} requests. */
    void ran(String endpoint, int rows, int requests);
}
