package dev.slipway.server.rollout;

import dev.slipway.core.node.RequestObserver;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.GuardrailMetrics;
import dev.slipway.core.rollout.TrafficWindow;
import java.time.Instant;
import java.time.InstantSource;
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

    private final InstantSource clock;
    private final Map<Key, Ring> rings = new ConcurrentHashMap<>();

    private record Key(String endpoint, ModelVersionId version) {}

    public TrafficStatistics(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void completed(String endpoint, ModelVersionId version, long nanos, boolean failed) {
        recorder(endpoint, version).completed(nanos, failed);
    }

    /** The version's ring itself: what the node keeps per serving set, so no lookup per request. */
    @Override
    public Recorder recorder(String endpoint, ModelVersionId version) {
        return rings.computeIfAbsent(new Key(endpoint, version), key -> new Ring(clock));
    }

    @Override
    public TrafficWindow since(String endpoint, ModelVersionId version, Instant since) {
        Ring ring = rings.get(new Key(endpoint, version));
        return ring == null ? TrafficWindow.EMPTY : ring.since(since.toEpochMilli());
    }

    /**
     * A fixed-size ring of the latest requests of one version: time and latency side by side in one
     * array (a failure stored as a negative latency), so recording one touches one cache line.
     */
    private static final class Ring implements Recorder {
        private final InstantSource clock;
        private final long[] entries = new long[2 * CAPACITY];
        private long written;

        Ring(InstantSource clock) {
            this.clock = clock;
        }

        @Override
        public void completed(long nanos, boolean failed) {
            add(clock.millis(), nanos, failed);
        }

        private synchronized void add(long timeMillis, long nanos, boolean failed) {
            int slot = 2 * (int) (written % CAPACITY);
            entries[slot] = timeMillis;
            entries[slot + 1] = failed ? -1 - nanos : nanos;
            written++;
        }

        synchronized TrafficWindow since(long sinceMillis) {
            int available = (int) Math.min(written, CAPACITY);
            long[] selected = new long[available];
            int count = 0;
            long failed = 0;
            for (int i = 0; i < available; i++) {
                if (entries[2 * i] >= sinceMillis) {
                    long latency = entries[2 * i + 1];
                    selected[count++] = latency < 0 ? -1 - latency : latency;
                    failed += latency < 0 ? 1 : 0;
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
