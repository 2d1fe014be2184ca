package dev.slipway.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Per-endpoint request counts, errors and latency histograms, exposed in Prometheus format.
 * Endpoint names a caller makes up are folded into one {@code _unknown} label so that they cannot
 * grow the label set. Thread-safe.
 */
public final class GatewayMetrics {
    static final String UNKNOWN = "_unknown";

    private final PrometheusMeterRegistry registry;

    /** By endpoint label, then protocol: two lookups, no key built per request. */
    private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();

    private final Predicate<String> knownEndpoint;

    private record Meters(Timer latency, Counter requests, Counter errors) {}

    public GatewayMetrics(Predicate<String> knownEndpoint) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), knownEndpoint);
    }

    /** Metrics in a registry shared with other parts of the server (e.g. {@link QueueMetrics}). */
    public GatewayMetrics(PrometheusMeterRegistry registry, Predicate<String> knownEndpoint) {
        this.registry = registry;
        this.knownEndpoint = knownEndpoint;
    }

    /**
     * Records one finished request. An answered one named an endpoint being served, so only a
     * failed one needs checking against made-up names.
     */
    public void record(String endpoint, String protocol, long nanos, boolean failed) {
        String label = !failed || knownEndpoint.test(endpoint) ? endpoint : UNKNOWN;
        Map<String, Meters> byProtocol = meters.get(label);
        if (byProtocol == null) {
            byProtocol = meters.computeIfAbsent(label, key -> new ConcurrentHashMap<>());
        }
        Meters m = byProtocol.get(protocol);
        if (m == null) {
            m = byProtocol.computeIfAbsent(protocol, key -> create(label, protocol));
        }
        m.requests().increment();
        m.latency().record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (failed) {
            m.errors().increment();
        }
    }

    private Meters create(String endpoint, String protocol) {
        Timer latency =
                Timer.builder("slipway.request.duration")
                        .description("Latency of inference requests, from the gateway's view")
                        .tags("endpoint", endpoint, "protocol", protocol)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(0).plusNanos(50_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry);
        Counter requests =
                Counter.builder("slipway.requests")
                        .description("Inference requests")
                        .tags("endpoint", endpoint, "protocol", protocol)
                        .register(registry);
        Counter errors =
                Counter.builder("slipway.request.errors")
                        .description("Inference requests that failed (any 4xx or 5xx)")
                        .tags("endpoint", endpoint, "protocol", protocol)
                        .register(registry);
        return new Meters(latency, requests, errors);
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
