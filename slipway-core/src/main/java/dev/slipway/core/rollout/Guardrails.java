package dev.slipway.core.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * What a gradual rollout watches while a step bakes. Null means "not checked".
 *
 * @param maxErrorRate the candidate's share of failed requests (model or runtime failures,
 *     timeouts), e.g. 0.01
 * @param latencyP99Ratio the candidate's p99 latency divided by the primary's, e.g. 1.5
 * @param maxP99 the candidate's absolute p99 latency
 * @param minRequests requests the candidate must have answered in the step before it is judged
 */
public record Guardrails(
        Double maxErrorRate, Double latencyP99Ratio, Duration maxP99, long minRequests) {
    public static final Guardrails DEFAULT = new Guardrails(0.05, null, null, 20);

    public Guardrails {
        if (maxErrorRate != null && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException(
                    "guardrails.maxErrorRate must be in [0, 1], got " + maxErrorRate);
        }
        if (latencyP99Ratio != null && !(latencyP99Ratio > 0)) {
            throw new IllegalArgumentException(
                    "guardrails.latencyP99Ratio must be > 0, got " + latencyP99Ratio);
        }
        if (maxP99 != null && (maxP99.isNegative() || maxP99.isZero())) {
            throw new IllegalArgumentException("guardrails.maxP99 must be positive, got " + maxP99);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException(
                    "guardrails.minRequests must be >= 1, got " + minRequests);
        }
    }

    /**
     * The first breached guardrail, described with its numbers; empty while the candidate has too
     * few requests to judge or when all hold.
     */
    public Optional<String> breach(TrafficWindow candidate, TrafficWindow primary) {
        if (candidate.requests() < minRequests) {
            return Optional.empty();
        }
        if (maxErrorRate != null && candidate.errorRate() > maxErrorRate) {
            return Optional.of(
                    String.format(
                            java.util.Locale.ROOT,
                            "error rate %.3f > %.3f over %d requests",
                            candidate.errorRate(),
                            maxErrorRate,
                            candidate.requests()));
        }
        if (maxP99 != null && candidate.p99Millis() > maxP99.toNanos() / 1e6) {
            return Optional.of(
                    String.format(
                            java.util.Locale.ROOT,
                            "p99 latency %.1f ms > %d ms over %d requests",
                            candidate.p99Millis(),
                            maxP99.toMillis(),
                            candidate.requests()));
        }
        if (latencyP99Ratio != null
                && primary.requests() >= minRequests
                && primary.p99Millis() > 0) {
            double ratio = candidate.p99Millis() / primary.p99Millis();
            if (ratio > latencyP99Ratio) {
                return Optional.of(
                        String.format(
                                java.util.Locale.ROOT,
                                "p99 latency %.2f ms is %.2fx the primary's %.2f ms (limit %.2fx)",
                                candidate.p99Millis(),
                                ratio,
                                primary.p99Millis(),
                                latencyP99Ratio));
            }
        }
        return Optional.empty();
    }
}
