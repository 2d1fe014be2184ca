package dev.slipway.core.endpoint;

import java.time.Duration;

/**
 * Fields a caller sets on an endpoint; null means "default" on create and "unchanged" on update.
 */
public record EndpointChange(
        String model,
        Integer copies,
        Double cores,
        Long memoryBytes,
        Duration timeout,
        QueueChange queue,
        AsyncChange async) {

    public EndpointChange {
        queue = queue == null ? QueueChange.NONE : queue;
        async = async == null ? AsyncChange.NONE : async;
    }

    public EndpointChange(
            String model, Integer copies, Double cores, Long memoryBytes, Duration timeout) {
        this(model, copies, cores, memoryBytes, timeout, QueueChange.NONE, AsyncChange.NONE);
    }

    /** The same change naming another model (null: keep the endpoint's). */
    public EndpointChange withModel(String newModel) {
        return new EndpointChange(newModel, copies, cores, memoryBytes, timeout, queue, async);
    }

    /**
     * Changes to the {@link AsyncSettings}; null fields stay as they are. Notifications are
     * replaced (or removed, with null) only when {@code notificationsGiven}.
     */
    public record AsyncChange(
            Integer maxConcurrentPerCopy,
            Integer maxAttempts,
            Duration ttl,
            Duration invocationTimeout,
            boolean notificationsGiven,
            AsyncSettings.Notifications notifications) {
        public static final AsyncChange NONE = new AsyncChange(null, null, null, null, false, null);

        /**
         * @throws IllegalArgumentException naming the field out of range
         */
        public AsyncSettings applyTo(AsyncSettings current) {
            return new AsyncSettings(
                    maxConcurrentPerCopy == null
                            ? current.maxConcurrentPerCopy()
                            : maxConcurrentPerCopy,
                    maxAttempts == null ? current.maxAttempts() : maxAttempts,
                    ttl == null ? current.ttl() : ttl,
                    invocationTimeout == null ? current.invocationTimeout() : invocationTimeout,
                    notificationsGiven ? notifications : current.notifications());
        }
    }

    /** Changes to the {@link QueuePolicy}; null fields stay as they are. */
    public record QueueChange(
            Integer maxQueue, Integer maxRows, Integer maxBatchSize, Duration maxDelay) {
        public static final QueueChange NONE = new QueueChange(null, null, null, null);

        /**
         * The policy with these changes applied.
         *
         * @throws IllegalArgumentException naming the field out of range
         */
        public QueuePolicy applyTo(QueuePolicy current) {
            Batching batching = current.batching();
            if (maxBatchSize != null || maxDelay != null) {
                batching =
                        new Batching(
                                maxBatchSize == null ? batching.maxBatchSize() : maxBatchSize,
                                maxDelay == null ? batching.maxDelay() : maxDelay);
            }
            return new QueuePolicy(
                    maxQueue == null ? current.maxQueue() : maxQueue,
                    maxRows == null ? current.maxRows() : maxRows,
                    batching);
        }
    }
}
