package dev.slipway.cli;

import static dev.slipway.cli.AsyncInvokeTest.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.EndpointWaiterTest.FakeClock;
import dev.slipway.cli.api.ApiClient;
import dev.slipway.cli.api.SlipwayApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncInvocationWaiterTest {

    private final CannedServer server = CannedServer.start();
    private final FakeClock clock = new FakeClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final StringWriter progress = new StringWriter();
    private final AsyncInvocationWaiter waiter =
            new AsyncInvocationWaiter(
                    new SlipwayApi(new ApiClient(server.uri(), null)),
                    clock,
                    duration -> {
                        sleeps.add(duration);
                        clock.advance(duration);
                    },
                    new PrintWriter(progress));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void backsOffFromAHundredMillisecondsToASecond() {
        for (int poll = 0; poll < 7; poll++) {
            server.answer("GET", "/api/v1/async/7f3a9c", 200, invocation("running", 1, ""));
        }
        server.answer("GET", "/api/v1/async/7f3a9c", 200, invocation("succeeded", 1, ""));

        assertThat(waiter.awaitFinished("7f3a9c", Duration.ofMinutes(1)).succeeded()).isTrue();

        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        assertThat(progress.toString().lines())
                .containsExactly("async invocation 7f3a9c: running (attempt 1 of 3)");
    }

    @Test
    void givesUpAtTheTimeoutSayingWhereItStands() {
        server.answer("GET", "/api/v1/async/7f3a9c", 200, invocation("queued", 0, ""));

        assertThatThrownBy(() -> waiter.awaitFinished("7f3a9c", Duration.ofMillis(500)))
                .isInstanceOf(CliException.class)
                .hasMessage(
                        "async invocation 7f3a9c has not finished after 500ms (queued); see"
                                + " slipway async show 7f3a9c");
        // The last sleep is cut short so the final poll happens at the deadline, not after it.
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));
    }
}
