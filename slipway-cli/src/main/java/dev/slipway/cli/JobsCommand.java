package dev.slipway.cli;

import dev.slipway.cli.api.BatchJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway jobs}: batch jobs run by the server. The commands only record intent (create,
 * cancel); the server's scheduler runs the shards.
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Create, follow and cancel batch jobs: a dataset in, predictions out.",
        subcommands = {
            JobsCommand.Batch.class,
            JobsCommand.ListJobs.class,
            JobsCommand.ShowJob.class,
            JobsCommand.WatchJob.class,
            JobsCommand.CancelJob.class
        })
final class JobsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(
            name = "batch",
            mixinStandardHelpOptions = true,
            description = "Batch prediction jobs.",
            subcommands = {BatchCreateCommand.class})
    static final class Batch implements Callable<Integer> {

        @Spec private CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "a subcommand is required");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List batch jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Option(names = "--name", paramLabel = "NAME", description = "Only the job with this name.")
        private String name;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "50",
                description = "Ask the server for at most N jobs (default: ${DEFAULT-VALUE}).")
        private int limit = 50;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be >= 1");
            }
            List<BatchJob> jobs = server.api().listJobs(name, limit);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (!output.isTable()) {
                printer.structured(output.format(), jobs);
            } else if (jobs.isEmpty()) {
                printer.line("No batch jobs.");
            } else {
                printer.table(JobPrinter.HEADERS, jobs.stream().map(JobPrinter::row).toList());
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a batch job: progress, files, settings and events.")
    static final class ShowJob implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Parameters(index = "0", paramLabel = "ID", description = "The job's number.")
        private long id;

        @Override
        public Integer call() {
            BatchJob job = server.api().getJob(id);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (output.isTable()) {
                JobPrinter.printDetails(printer, job);
            } else {
                printer.structured(output.format(), job);
            }
            return 0;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Follow a batch job until it ends: rows done/total, rows/s and ETA.",
                "A progress bar on a terminal, plain lines otherwise.",
                "Exit code 0 when it succeeds, 1 when it fails or is cancelled."
            })
    static final class WatchJob implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private WatchIntervalOption watchInterval;

        @Parameters(index = "0", paramLabel = "ID", description = "The job's number.")
        private long id;

        @Override
        public Integer call() {
            BatchJob ended =
                    JobWatcher.standard(
                                    server.api(),
                                    spec.commandLine().getOut(),
                                    watchInterval.interval())
                            .watch(id);
            return JobWatcher.finish(ended, new TablePrinter(spec.commandLine().getOut()));
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a batch job: its workers stop after their current mini-batch.")
    static final class CancelJob implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;

        @Parameters(index = "0", paramLabel = "ID", description = "The job's number.")
        private long id;

        @Override
        public Integer call() {
            BatchJob job = server.api().cancelJob(id);
            new TablePrinter(spec.commandLine().getOut())
                    .line("Batch job " + job.id() + ": cancel requested (now " + job.state() + ")");
            return 0;
        }
    }
}
