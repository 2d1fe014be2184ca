package dev.slipway.cli;

import dev.slipway.cli.api.BatchJob;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How batch jobs read in the terminal: the progress line, list rows and details. Stateless. */
final class JobPrinter {
    static final int BAR_CELLS = 24;

    private JobPrinter() {}

    /** {@code Batch job 7 queued: cancer:1 on data/in.csv -> /srv/files/out.csv}. */
    static String created(BatchJob job) {
        return "Batch job "
                + label(job)
                + " "
                + job.state()
                + ": "
                + target(job)
                + " on "
                + job.input()
                + " -> "
                + job.output();
    }

    /**
     * The progress line: {@code job 7 running [██████░░░░] 45% 450,000/1,000,000 rows 123,456
     * rows/s ETA 4s, 3 failed}; with {@code bar} false the same without the bar, for logs.
     */
    static String progress(BatchJob job, boolean bar) {
        StringBuilder line = new StringBuilder("job ").append(job.id()).append(' ');
        if (job.rowsTotal() == null) {
            line.append(job.state().equals("queued") ? "queued" : job.state() + ", counting rows");
            return line.toString();
        }
        long total = job.rowsTotal();
        long done = Math.min(job.rowsDone(), total);
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        line.append(job.state());
        if (bar) {
            int filled = total == 0 ? BAR_CELLS : (int) (done * BAR_CELLS / total);
            line.append(" [")
                    .append("█".repeat(filled))
                    .append("░".repeat(BAR_CELLS - filled))
                    .append(']');
        }
        line.append(String.format(Locale.ROOT, " %3d%% %,d/%,d rows", percent, done, total));
        if (!job.finished() || job.rowsPerSecond() > 0) {
            line.append(String.format(Locale.ROOT, ", %,.0f rows/s", job.rowsPerSecond()));
        }
        if (!job.finished()) {
            line.append(", ETA ").append(eta(job.etaSeconds()));
        }
        if (job.rowsFailed() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d failed", job.rowsFailed()));
        }
        return line.toString();
    }

    /** How a finished job ended, in one line (success) or as the error of a failed watch. */
    static String ending(BatchJob job) {
        return switch (job.state()) {
            case "succeeded" ->
                    String.format(
                            Locale.ROOT,
                            "Batch job %s succeeded: %,d rows, %,d failed; output %s%s",
                            label(job),
                            job.rowsTotal() == null ? 0 : job.rowsTotal(),
                            job.rowsFailed(),
                            job.output(),
                            job.rowsFailed() > 0 ? ", errors " + job.errors() : "");
            case "cancelled" -> "batch job " + label(job) + " was cancelled";
            default ->
                    "batch job "
                            + label(job)
                            + " "
                            + job.state()
                            + (job.error() == null ? "" : ": " + job.error());
        };
    }

    /** One {@code jobs list} row. */
    static List<String> row(BatchJob job) {
        return List.of(
                Long.toString(job.id()),
                TablePrinter.text(job.name()),
                target(job),
                job.state(),
                job.rowsTotal() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%,d/%,d", job.rowsDone(), job.rowsTotal()),
                String.format(Locale.ROOT, "%,d", job.rowsFailed()),
                TablePrinter.text(job.createdAt()));
    }

    static final List<String> HEADERS =
            List.of("ID", "NAME", "TARGET", "STATE", "ROWS", "FAILED", "CREATED");

    /** {@code jobs show}: the fields, then the events. */
    static void printDetails(TablePrinter printer, BatchJob job) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Job", job.id());
        fields.put("Name", job.name());
        fields.put("Target", target(job));
        fields.put(
                "State",
                job.state()
                        + (job.cancelRequested() && !job.finished() ? " (cancel requested)" : ""));
        fields.put("Progress", progress(job, false));
        fields.put("Input", job.input() + " (" + job.format() + ")");
        fields.put("Output", job.output());
        fields.put("Errors", job.errors());
        fields.put("Id column", job.idColumn() == null ? "(row number)" : job.idColumn());
        fields.put(
                "Settings",
                String.format(
                        Locale.ROOT,
                        "parallelism %d, mini-batch %d, shard %,d rows, max error ratio %s",
                        job.parallelism(),
                        job.miniBatch(),
                        job.shardRows(),
                        TablePrinter.number(job.maxErrorRatio())));
        fields.put(
                "Shards",
                job.shardsTotal() == null ? null : job.shardsDone() + "/" + job.shardsTotal());
        fields.put("Error", job.error());
        fields.put("Created", job.createdAt());
        fields.put("Started", job.startedAt());
        fields.put("Finished", job.finishedAt());
        printer.fields(fields);
        if (!job.events().isEmpty()) {
            printer.blankLine();
            printer.line("Events:");
            job.events().forEach(event -> printer.line("  " + RolloutPrinter.event(event)));
        }
    }

    private static String target(BatchJob job) {
        return job.version() == null || job.version().equals(job.target())
                ? job.target()
                : job.target() + " (" + job.version() + ")";
    }

    private static String label(BatchJob job) {
        return job.id() + (job.name() == null ? "" : " (" + job.name() + ")");
    }

    private static String eta(Double seconds) {
        if (seconds == null) {
            return "?";
        }
        long total = Math.round(seconds);
        if (total < 60) {
            return total + "s";
        }
        if (total < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", total / 3600, total % 3600 / 60);
    }
}
