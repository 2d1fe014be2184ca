package dev.slipway.cli;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.DurationValue;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code --wait}: polls an endpoint until it serves its spec, printing each state change to the
 * error stream so the wait is visible. Not thread-safe; one per wait.
 */
final class EndpointWaiter {

    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final SlipwayApi api;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter progress;

    EndpointWaiter(SlipwayApi api, Clock clock, Sleeper sleeper, PrintWriter progress) {
        this.api = api;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    static EndpointWaiter standard(SlipwayApi api, PrintWriter progress) {
        return new EndpointWaiter(api, Clock.systemUTC(), Sleeper.REAL, progress);
    }

    /**
     * Polls until {@link #isServingSpec} holds.
     *
     * @throws CliException when the endpoint fails or {@code timeout} passes first
     */
    Endpoint awaitReady(String name, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        String lastState = null;
        while (true) {
            Endpoint endpoint = api.getEndpoint(name);
            if (isServingSpec(endpoint)) {
                return endpoint;
            }
            Endpoint.Status status = endpoint.status();
            if ("failed".equals(status.state())) {
                throw new CliException(
                        "endpoint/"
                                + name
                                + " failed: "
                                + Objects.requireNonNullElse(status.message(), "no message"));
            }
            String state = describe(endpoint);
            if (!state.equals(lastState)) {
                progress.println("endpoint/" + name + ": " + state);
                progress.flush();
                lastState = state;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new CliException(
                        "endpoint/"
                                + name
                                + " is not ready after "
                                + DurationValue.of(timeout)
                                + " ("
                                + state
                                + ")");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for endpoint/" + name);
            }
        }
    }

    /**
     * Ready means: state {@code ready}, every wanted copy ready, and those copies serving the
     * version the spec names (a rollout in progress still serves the previous one).
     */
    static boolean isServingSpec(Endpoint endpoint) {
        Endpoint.Status status = endpoint.status();
        if (!"ready".equals(status.state()) || status.readyCopies() != endpoint.copies()) {
            return false;
        }
        // With zero copies nothing serves, so there is no version to compare.
        return endpoint.copies() == 0
                || (endpoint.model() != null
                        && Objects.equals(status.servingVersion(), endpoint.model().version()));
    }

    /** {@code loading (0/2 copies ready)}. */
    static String describe(Endpoint endpoint) {
        Endpoint.Status status = endpoint.status();
        String text =
                Objects.requireNonNullElse(status.state(), "unknown")
                        + " ("
                        + status.readyCopies()
                        + "/"
                        + endpoint.copies()
                        + " copies ready";
        if (status.servingVersion() != null) {
            text += ", serving version " + status.servingVersion();
        }
        return text + ")";
    }
}
