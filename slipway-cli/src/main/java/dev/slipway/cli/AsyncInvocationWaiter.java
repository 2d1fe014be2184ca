package dev.slipway.cli;

import dev.slipway.cli.api.AsyncInvocation;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.DurationValue;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code --wait} for an asynchronous invocation: polls it until it succeeded, failed or expired,
 * printing each change of status to the error stream. The first polls come quickly (a small
 * invocation is often done within a few hundred milliseconds), then the interval doubles up to a
 * second. Not thread-safe; one per wait.
 */
final class AsyncInvocationWaiter {

    static final Duration FIRST_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

    private final SlipwayApi api;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter progress;

    AsyncInvocationWaiter(SlipwayApi api, Clock clock, Sleeper sleeper, PrintWriter progress) {
        this.api = api;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    static AsyncInvocationWaiter standard(SlipwayApi api, PrintWriter progress) {
        return new AsyncInvocationWaiter(api, Clock.systemUTC(), Sleeper.REAL, progress);
    }

    /**
     * Polls until the invocation has finished.
     *
     * @return the invocation as it finished, in any final status
     * @throws CliException when {@code timeout} passes first
     */
    AsyncInvocation awaitFinished(String id, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Duration interval = FIRST_INTERVAL;
        String shown = null;
        while (true) {
            AsyncInvocation invocation = api.getAsyncInvocation(id);
            if (invocation.finished()) {
                return invocation;
            }
            String status = AsyncPrinter.status(invocation);
            if (!status.equals(shown)) {
                progress.println("async invocation " + id + ": " + status);
                progress.flush();
                shown = status;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new CliException(
                        "async invocation "
                                + id
                                + " has not finished after "
                                + DurationValue.of(timeout)
                                + " ("
                                + status
                                + "); see slipway async show "
                                + id);
            }
            try {
                sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for async invocation " + id);
            }
            interval = next(interval);
        }
    }

    /** Doubles the interval, up to {@link #MAX_INTERVAL}. */
    static Duration next(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : doubled;
    }
}
