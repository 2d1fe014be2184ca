package dev.slipway.server.rollout;

import dev.slipway.core.node.RequestObserver;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.GuardrailMetrics;
import dev.slipway.core.rollout.TrafficWindow;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last requests of every endpoint version (time, latency, failed), kept in a ring so that a
 * rollout can judge exactly the requests since its step began. A ring of {@value #CAPACITY}
 * requests per version is a few hundred kilobytes and covers any bake a guardrail judges.
 * Thread-safe: each ring has its own lock, held for a few array writes.
 */
public final class TrafficStatistics implements RequestObserver, GuardrailMetrics {
    static final int CAPACITY = 20_000;

    private final Clock clock;
    private final Map<Key, Ring> rings = new ConcurrentHashMap<>();

    private record Key(String endpoint, ModelVersionId version) {}

    public TrafficStatistics(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void completed(String endpoint, ModelVersionId version, long nanos, boolean failed) {
        rings.computeIfAbsent(new Key(endpoint, version), key -> new Ring())
                .add(clock.millis(), nanos, failed);
    }

    @Override
    public TrafficWindow since(String endpoint, ModelVersionId version, Instant since) {
        Ring ring = rings.get(new Key(endpoint, version));
        return ring == null ? TrafficWindow.EMPTY : ring.since(since.toEpochMilli());
    }

    /** A fixed-size ring of the latest requests of one version. */
    private static final class Ring {
        private final long[] times = new long[CAPACITY];
        private final long[] latencies = new long[CAPACITY];
        private final boolean[] failures = new boolean[CAPACITY];
        private long written;

        synchronized void add(long timeMillis, long nanos, boolean failed) {
            int slot = (int) (written % CAPACITY);
            times[slot] = timeMillis;
            latencies[slot] = nanos;
            failures[slot] = failed;
            written++;
        }

        synchronized TrafficWindow since(long sinceMillis) {
            int available = (int) Math.min(written, CAPACITY);
            long[] selected = new long[available];
            int count = 0;
            long failed = 0;
            for (int i = 0; i < available; i++) {
                if (times[i] >= sinceMillis) {
                    selected[count++] = latencies[i];
                    failed += failures[i] ? 1 : 0;
                }
            }
            if (count == 0) {
                return TrafficWindow.EMPTY;
            }
            long[] window = Arrays.copyOf(selected, count);
            Arrays.sort(window);
            int p99 = Math.max(0, (int) Math.ceil(0.99 * count) - 1);
            return new TrafficWindow(count, failed, window[p99] / 1e6);
        }
    }
}
