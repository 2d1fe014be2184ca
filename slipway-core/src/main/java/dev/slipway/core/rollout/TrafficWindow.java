package dev.slipway.core.rollout;

/** Requests one version answered since a moment: counts and the p99 latency. */
public record TrafficWindow(long requests, long failures, double p99Millis) {
    public static final TrafficWindow EMPTY = new TrafficWindow(0, 0, 0);

    public double errorRate() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
