package dev.slipway.cli;

import dev.slipway.cli.api.BatchJob;
import dev.slipway.cli.api.SlipwayApi;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code jobs watch} and {@code jobs batch create --watch}: polls one job until it ends. On a
 * terminal the progress bar is redrawn in place on one line; into a pipe or a file each changed
 * progress line is printed once, without a bar or control characters. Not thread-safe; one per
 * watch.
 */
final class JobWatcher {

    /** How progress is shown. */
    enum Display {
        /** On a terminal: one line redrawn in place with a bar. */
        BAR,
        /** Into a pipe or file: plain lines, one per change. */
        LINES;

        static Display forTerminal(boolean terminal) {
            return terminal ? BAR : LINES;
        }
    }

    private final SlipwayApi api;
    private final Sleeper sleeper;
    private final PrintWriter out;
    private final Display display;
    private final Duration interval;
    private final int columns;
    private String shown = "";

    JobWatcher(
            SlipwayApi api,
            Sleeper sleeper,
            PrintWriter out,
            Display display,
            Duration interval,
            int columns) {
        this.api = api;
        this.sleeper = sleeper;
        this.out = out;
        this.display = display;
        this.interval = interval;
        this.columns = columns;
    }

    static JobWatcher standard(SlipwayApi api, PrintWriter out, Duration interval) {
        return new JobWatcher(
                api,
                Sleeper.REAL,
                out,
                Display.forTerminal(System.console() != null),
                interval,
                RolloutWatcher.terminalColumns());
    }

    /** Polls until the job has finished; answers it as it ended. */
    BatchJob watch(long id) {
        while (true) {
            BatchJob job = api.getJob(id);
            show(job);
            if (job.finished()) {
                if (display == Display.BAR) {
                    out.println();
                    out.flush();
                }
                return job;
            }
            sleeper.pause(interval, "batch job " + id);
        }
    }

    /**
     * The end of a watch: prints how a successful job ended and answers exit code 0.
     *
     * @throws CliException (exit code 1) with the state and reason of any other ending
     */
    static int finish(BatchJob job, TablePrinter printer) {
        if (!job.succeeded()) {
            throw new CliException(JobPrinter.ending(job));
        }
        printer.line(JobPrinter.ending(job));
        return 0;
    }

    private void show(BatchJob job) {
        String line = JobPrinter.progress(job, display == Display.BAR);
        if (line.equals(shown)) {
            return;
        }
        switch (display) {
            case BAR -> {
                String fitted =
                        line.length() < columns ? line : line.substring(0, columns - 2) + "…";
                // Carriage return, the line, then spaces over what a longer line left behind.
                out.print(
                        "\r" + fitted + " ".repeat(Math.max(0, shown.length() - fitted.length())));
                shown = fitted;
            }
            case LINES -> {
                out.println(line);
                shown = line;
            }
        }
        out.flush();
    }
}
