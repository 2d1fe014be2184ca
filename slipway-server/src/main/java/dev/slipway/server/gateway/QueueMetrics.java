package dev.slipway.server.gateway;

import dev.slipway.core.node.QueueObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Per-endpoint queue and batching metrics: rows per runtime call, time spent queued, queue depth,
 * requests refused because the queue was full and requests dropped because their deadline passed
 * while queued. Only copies report here, so the endpoint label set is the deployed endpoints.
 * Thread-safe.
 */
public final class QueueMetrics implements QueueObserver {
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private volatile ToIntFunction<String> depth = endpoint -> 0;

    private record Meters(
            DistributionSummary batchRows,
            DistributionSummary batchRequests,
            Timer queueWait,
            Counter rejected,
            Counter expired) {}

    public QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Where the queue-depth gauges read from (the node, built after this observer). */
    public void readDepthFrom(ToIntFunction<String> queueDepth) {
        this.depth = queueDepth;
    }

    @Override
    public void rejected(String endpoint) {
        meters(endpoint).rejected().increment();
    }

    @Override
    public void dequeued(String endpoint, long waitedNanos, boolean expired) {
        Meters m = meters(endpoint);
        m.queueWait().record(waitedNanos, TimeUnit.NANOSECONDS);
        if (expired) {
            m.expired().increment();
        }
    }

    @Override
    public void ran(String endpoint, int rows, int requests) {
        Meters m = meters(endpoint);
        m.batchRows().record(rows);
        m.batchRequests().record(requests);
    }

    private Meters meters(String endpoint) {
        return meters.computeIfAbsent(endpoint, this::create);
    }

    private Meters create(String endpoint) {
        Gauge.builder("slipway.queue.depth", () -> depth.applyAsInt(endpoint))
                .description("Requests waiting in the queues of the endpoint's copies")
                .tag("endpoint", endpoint)
                .register(registry);
        return new Meters(
                DistributionSummary.builder("slipway.batch.rows")
                        .description("Rows per runtime call (1 request alone, or a merged batch)")
                        .tag("endpoint", endpoint)
                        .serviceLevelObjectives(BATCH_BUCKETS)
                        .register(registry),
                DistributionSummary.builder("slipway.batch.requests")
                        .description("Requests merged into one runtime call")
                        .tag("endpoint", endpoint)
                        .serviceLevelObjectives(BATCH_BUCKETS)
                        .register(registry),
                Timer.builder("slipway.queue.wait")
                        .description("Time a request waited in its copy's queue")
                        .tag("endpoint", endpoint)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry),
                Counter.builder("slipway.queue.rejected")
                        .description("Requests refused with 429 because the queue was full")
                        .tag("endpoint", endpoint)
                        .register(registry),
                Counter.builder("slipway.queue.expired")
                        .description("Requests dropped unrun because their deadline passed queued")
                        .tag("endpoint", endpoint)
                        .register(registry));
    }
}
