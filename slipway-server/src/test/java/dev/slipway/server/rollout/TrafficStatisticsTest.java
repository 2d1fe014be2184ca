package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.node.RequestObserver;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrafficStatisticsTest {
    private static final ModelVersionId V1 = new ModelVersionId("fraud", 1);
    private static final ModelVersionId V2 = new ModelVersionId("fraud", 2);

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final TrafficStatistics statistics = new TrafficStatistics(() -> now);

    @Test
    void aWindowHoldsTheRequestsSinceItsStartWithFailuresAndP99() {
        statistics.completed("fraud", V1, 50_000_000, true);
        now = now.plus(Duration.ofSeconds(1));
        Instant stepStarted = now;
        for (int i = 1; i <= 100; i++) {
            statistics.completed("fraud", V1, i * 1_000_000L, i % 10 == 0);
        }

        TrafficWindow window = statistics.since("fraud", V1, stepStarted);

        assertThat(window.requests()).isEqualTo(100);
        assertThat(window.failures()).isEqualTo(10);
        assertThat(window.p99Millis()).isEqualTo(99.0);
        assertThat(statistics.since("fraud", V1, Instant.EPOCH).requests()).isEqualTo(101);
    }

    @Test
    void aRecorderFilesIntoTheSameVersionAsCompletedAndVersionsStayApart() {
        RequestObserver.Recorder recorder = statistics.recorder("fraud", V2);

        recorder.completed(2_000_000, false);
        recorder.completed(0, true);
        statistics.completed("fraud", V2, 4_000_000, false);
        statistics.completed("fraud", V1, 9_000_000, false);

        TrafficWindow v2 = statistics.since("fraud", V2, Instant.EPOCH);
        assertThat(v2.requests()).isEqualTo(3);
        assertThat(v2.failures()).isEqualTo(1);
        assertThat(v2.p99Millis()).isEqualTo(4.0);
        assertThat(statistics.since("fraud", V1, Instant.EPOCH).requests()).isEqualTo(1);
        assertThat(statistics.since("other", V1, Instant.EPOCH)).isEqualTo(TrafficWindow.EMPTY);
    }

    @Test
    void theRingKeepsOnlyTheLatestRequests() {
        RequestObserver.Recorder recorder = statistics.recorder("fraud", V1);
        for (int i = 0; i < TrafficStatistics.CAPACITY; i++) {
            recorder.completed(1_000_000_000L, true);
        }
        now = now.plus(Duration.ofSeconds(1));
        for (int i = 0; i < TrafficStatistics.CAPACITY / 2; i++) {
            recorder.completed(1_000_000, false);
        }

        TrafficWindow all = statistics.since("fraud", V1, Instant.EPOCH);

        assertThat(all.requests()).isEqualTo(TrafficStatistics.CAPACITY);
        assertThat(all.failures()).isEqualTo(TrafficStatistics.CAPACITY / 2);
        assertThat(statistics.since("fraud", V1, now).failures()).isZero();
        assertThat(statistics.since("fraud", V1, now).p99Millis()).isEqualTo(1.0);
    }
}
