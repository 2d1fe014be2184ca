package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.api.ApiClient;
import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.JacksonMappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointWaiterTest {

    private final CannedServer server = CannedServer.start();
    private final FakeClock clock = new FakeClock();
    private final StringWriter progress = new StringWriter();
    private final EndpointWaiter waiter =
            new EndpointWaiter(
                    new SlipwayApi(new ApiClient(server.uri(), null)),
                    clock,
                    clock::advance,
                    new PrintWriter(progress));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readyMeansEveryCopyServesTheSpecsVersion() throws Exception {
        assertThat(EndpointWaiter.isServingSpec(endpoint(2, "ready", 2, 2))).isTrue();
        assertThat(EndpointWaiter.isServingSpec(endpoint(2, "ready", 1, 2))).isFalse();
        assertThat(EndpointWaiter.isServingSpec(endpoint(2, "ready", 2, 1)))
                .as("previous version")
                .isFalse();
        assertThat(EndpointWaiter.isServingSpec(endpoint(2, "loading", 2, 2))).isFalse();
        assertThat(EndpointWaiter.isServingSpec(endpoint(0, "ready", 0, null)))
                .as("scaled to zero")
                .isTrue();
    }

    @Test
    void pollsUntilReadyPrintingEachStateOnce() {
        server.answer("GET", "/api/v1/endpoints/fraud", 200, json(1, "pending", 0, null));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, json(1, "loading", 0, null));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, json(1, "loading", 0, null));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, json(1, "ready", 1, 2));

        Endpoint ready = waiter.awaitReady("fraud", Duration.ofMinutes(1));

        assertThat(ready.status().state()).isEqualTo("ready");
        assertThat(progress.toString().lines())
                .containsExactly(
                        "endpoint/fraud: pending (0/1 copies ready)",
                        "endpoint/fraud: loading (0/1 copies ready)");
        assertThat(clock.instant())
                .isEqualTo(FakeClock.START.plus(EndpointWaiter.POLL_INTERVAL.multipliedBy(3)));
    }

    @Test
    void givesUpAfterTheTimeoutSayingWhereItStands() {
        server.answer("GET", "/api/v1/endpoints/fraud", 200, json(1, "loading", 0, null));

        assertThatThrownBy(() -> waiter.awaitReady("fraud", Duration.ofSeconds(2)))
                .isInstanceOf(CliException.class)
                .hasMessage("endpoint/fraud is not ready after 2s (loading (0/1 copies ready))");
        assertThat(clock.instant()).isEqualTo(FakeClock.START.plusSeconds(2));
    }

    private static String json(int copies, String state, int readyCopies, Integer servingVersion) {
        return EndpointCommandsTest.endpoint(copies, state, readyCopies, servingVersion, null);
    }

    private static Endpoint endpoint(
            int copies, String state, int readyCopies, Integer servingVersion) throws Exception {
        return JacksonMappers.JSON.readValue(
                json(copies, state, readyCopies, servingVersion), Endpoint.class);
    }

    /** A clock that only moves when the waiter "sleeps". */
    static final class FakeClock extends Clock {
        static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
        private Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
