package dev.slipway.cli;

import dev.slipway.cli.api.BatchJob;
import dev.slipway.cli.api.BatchJobRequest;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.ModelReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway jobs batch create}: starts a batch job on the server. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Start a batch job: predictions for every row of a CSV or JSON Lines input.",
            "Paths are on the server, under its jobs root (SLIPWAY_JOBS_ROOT); --upload sends a"
                    + " local file instead."
        })
final class BatchCreateCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private WatchIntervalOption watchInterval;

    @Parameters(
            index = "0",
            paramLabel = "TARGET",
            description =
                    "An endpoint (its copies answer), or MODEL:VERSION / MODEL@ALIAS (the job loads"
                            + " its own copies, one per worker).")
    private String target;

    @ArgGroup(multiplicity = "1")
    private Input input;

    /** Where the rows come from: a server path, or a local file uploaded first. */
    static final class Input {
        @Option(
                names = "--input",
                paramLabel = "PATH",
                description =
                        "A file or directory under the server's jobs root, or sha256:<hex> of an"
                                + " uploaded artifact.")
        String path;

        @Option(
                names = "--upload",
                paramLabel = "FILE",
                description = "A local file: uploaded as an artifact, then used as the input.")
        Path upload;
    }

    @Option(
            names = "--output",
            required = true,
            paramLabel = "PATH",
            description = "The file to write under the jobs root (it must not exist).")
    private String output;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "csv or jsonl (default: from the file name, then the content).")
    private String format;

    @Option(
            names = "--header",
            negatable = true,
            description = "Whether CSV files start with a header (default: detect).")
    private Boolean header;

    @Option(
            names = "--id-column",
            paramLabel = "COLUMN",
            description =
                    "Column carried to the output as the row's key (a number from 1 without a"
                            + " header); default: the row number.")
    private String idColumn;

    @Option(names = "--parallelism", paramLabel = "N", description = "Workers (default 2).")
    private Integer parallelism;

    @Option(
            names = "--mini-batch",
            paramLabel = "ROWS",
            description = "Rows per prediction call (default 512).")
    private Integer miniBatch;

    @Option(
            names = "--shard-rows",
            paramLabel = "ROWS",
            description = "Rows per shard, the unit of checkpointing (default 20000).")
    private Integer shardRows;

    @Option(
            names = "--max-error-ratio",
            paramLabel = "RATIO",
            description = "Share of bad rows above which the job fails (default 0.01).")
    private Double maxErrorRatio;

    @Option(names = "--name", paramLabel = "NAME", description = "A unique name for the job.")
    private String name;

    @Option(names = "--watch", description = "Follow the job until it ends (as jobs watch).")
    private boolean watch;

    @Override
    public Integer call() {
        checkOptions();
        Duration interval = watch ? watchInterval.interval() : null;
        SlipwayApi api = server.api();
        String inputPath = input.path;
        if (input.upload != null) {
            if (!Files.isRegularFile(input.upload)) {
                throw new CliException(input.upload + ": file not found");
            }
            inputPath = "sha256:" + api.uploadArtifact(input.upload).sha256();
        }
        BatchJob job =
                api.createBatchJob(
                        new BatchJobRequest(
                                name,
                                target,
                                inputPath,
                                output,
                                format == null ? null : format.toLowerCase(Locale.ROOT),
                                header,
                                idColumn,
                                parallelism,
                                miniBatch,
                                shardRows,
                                maxErrorRatio));
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        printer.line(JobPrinter.created(job));
        if (!watch) {
            return 0;
        }
        BatchJob ended =
                JobWatcher.standard(api, spec.commandLine().getOut(), interval).watch(job.id());
        return JobWatcher.finish(ended, printer);
    }

    /** The checks the CLI can make alone, before anything is uploaded or sent. */
    private void checkOptions() {
        try {
            ModelReference.requireTarget(target);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(
                    spec.commandLine(), "TARGET '" + target + "': " + invalid.getMessage());
        }
        if (format != null && !format.matches("(?i)csv|jsonl|ndjson")) {
            throw new ParameterException(
                    spec.commandLine(), "--format '" + format + "' must be csv or jsonl");
        }
        positive("--parallelism", parallelism);
        positive("--mini-batch", miniBatch);
        positive("--shard-rows", shardRows);
        if (maxErrorRatio != null && !(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            throw new ParameterException(
                    spec.commandLine(), "--max-error-ratio must be between 0 and 1");
        }
    }

    private void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be >= 1");
        }
    }
}
