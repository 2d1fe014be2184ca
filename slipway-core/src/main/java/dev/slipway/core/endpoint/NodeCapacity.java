package dev.slipway.core.endpoint;

/** What the serving nodes offer in total; endpoints' reservations must fit in it. */
public record NodeCapacity(double cores, long memoryBytes) {
    public NodeCapacity {
        if (!(cores > 0) || memoryBytes <= 0) {
            throw new IllegalArgumentException(
                    "node capacity must be positive, got "
                            + cores
                            + " cores, "
                            + memoryBytes
                            + " bytes");
        }
    }
}
