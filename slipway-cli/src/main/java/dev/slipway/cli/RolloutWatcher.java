package dev.slipway.cli;

import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.DurationValue;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rollouts watch}, {@code rollouts start --watch} and {@code endpoints update --wait}: polls
 * one rollout until it is no longer active, showing its progress as it goes. Not thread-safe; one
 * per watch.
 */
final class RolloutWatcher {

    /** How progress is shown. */
    enum Display {
        /** On a terminal: the status lines are redrawn in place; events scroll above them. */
        REDRAW,
        /** Into a pipe or file: each status line that changed, and each new event, once. */
        LINES,
        /** While another command waits: one line per phase or step. */
        PHASES;

        static Display forTerminal(boolean terminal) {
            return terminal ? REDRAW : LINES;
        }
    }

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** While another command waits: quicker than a person watching, gentler than a tight loop. */
    static final Duration WAIT_INTERVAL = Duration.ofMillis(250);

    static final int DEFAULT_COLUMNS = 80;

    private static final String CURSOR_UP = "\u001B[%dA";
    private static final String CLEAR_TO_END = "\u001B[J";

    private final SlipwayApi api;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter out;
    private final Display display;
    private final Duration interval;
    private final int columns;

    private int eventsShown;
    private Map<String, String> statusShown = Map.of();
    private int linesDrawn;

    RolloutWatcher(
            SlipwayApi api,
            Clock clock,
            Sleeper sleeper,
            PrintWriter out,
            Display display,
            Duration interval,
            int columns) {
        this.api = api;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
        this.display = display;
        this.interval = interval;
        this.columns = columns;
    }

    static RolloutWatcher standard(
            SlipwayApi api, PrintWriter out, Display display, Duration interval) {
        return new RolloutWatcher(
                api, Clock.systemUTC(), Sleeper.REAL, out, display, interval, terminalColumns());
    }

    /** The shell's {@code COLUMNS} when it exports it, else the classic 80. */
    static int terminalColumns() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 20 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException unset) {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * Polls until the rollout is no longer active.
     *
     * @param timeout how long to wait, or null to wait until it ends
     * @return the rollout as it ended
     * @throws CliException when {@code timeout} passes first
     */
    Rollout watch(long id, Duration timeout) {
        Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
        while (true) {
            Rollout rollout = api.getRollout(id);
            show(rollout);
            if (!rollout.active()) {
                return rollout;
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                throw new CliException(
                        "rollout "
                                + id
                                + " has not ended after "
                                + DurationValue.of(timeout)
                                + " ("
                                + RolloutPrinter.phase(rollout)
                                + ")");
            }
            sleeper.pause(interval, "rollout " + id);
        }
    }

    /**
     * The end of a watch: prints how a completed rollout ended and answers exit code 0.
     *
     * @throws CliException (exit code 1) with the phase and reason of any other ending
     */
    static int finish(Rollout rollout, TablePrinter printer) {
        if (!rollout.completed()) {
            throw new CliException(RolloutPrinter.ending(rollout));
        }
        printer.line(RolloutPrinter.completed(rollout));
        return 0;
    }

    private void show(Rollout rollout) {
        List<String> newEvents = newEvents(rollout);
        Map<String, String> status = RolloutPrinter.status(rollout);
        switch (display) {
            case REDRAW -> redraw(newEvents, status);
            case LINES -> {
                newEvents.forEach(out::println);
                status.forEach(
                        (key, line) -> {
                            if (!line.equals(statusShown.get(key))) {
                                out.println(line);
                            }
                        });
            }
            case PHASES -> {
                String phase = "rollout " + rollout.id() + ": " + RolloutPrinter.phase(rollout);
                if (!Objects.equals(phase, statusShown.get("phase"))) {
                    out.println(phase);
                }
                status = Map.of("phase", phase);
            }
        }
        statusShown = status;
        out.flush();
    }

    /** Erases the status lines drawn last time, prints new events, then the status again. */
    private void redraw(List<String> newEvents, Map<String, String> status) {
        if (newEvents.isEmpty() && status.equals(statusShown)) {
            return;
        }
        if (linesDrawn > 0) {
            out.print(String.format(CURSOR_UP, linesDrawn) + CLEAR_TO_END);
        }
        newEvents.forEach(out::println);
        status.values().forEach(line -> out.println(fit(line)));
        linesDrawn = status.size();
    }

    /**
     * The line cut to the terminal's width: a wrapped line would take two rows, and the cursor
     * would no longer go back to the first status line.
     */
    private String fit(String line) {
        return line.length() < columns ? line : line.substring(0, columns - 2) + "…";
    }

    /** The events not shown yet, as lines; the server lists them oldest first. */
    private List<String> newEvents(Rollout rollout) {
        List<Rollout.Event> events = rollout.events();
        if (events.size() < eventsShown) {
            eventsShown = 0; // the server trimmed its list: show what it has now
        }
        List<String> lines =
                events.subList(eventsShown, events.size()).stream()
                        .map(RolloutPrinter::event)
                        .toList();
        eventsShown = events.size();
        return display == Display.PHASES ? List.of() : lines;
    }
}
