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
        QueueChange queue) {

    public EndpointChange {
        queue = queue == null ? QueueChange.NONE : queue;
    }

    public EndpointChange(
            String model, Integer copies, Double cores, Long memoryBytes, Duration timeout) {
        this(model, copies, cores, memoryBytes, timeout, QueueChange.NONE);
    }

    /** The same change naming another model (null: keep the endpoint's). */
    public EndpointChange withModel(String newModel) {
        return new EndpointChange(newModel, copies, cores, memoryBytes, timeout, queue);
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
