package dev.slipway.cli;

import dev.slipway.cli.api.AsyncInvocation;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.DurationValue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway async}: asynchronous invocations queued with {@code slipway invoke --async} (or
 * any SageMaker-style client), their status and their results.
 */
@Command(
        name = "async",
        mixinStandardHelpOptions = true,
        description = "Inspect asynchronous invocations: their status, result or error.",
        subcommands = {AsyncCommand.ShowInvocation.class, AsyncCommand.ListInvocations.class})
final class AsyncCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Show an async invocation: status, attempts, times, and its result or error.",
                "--wait waits until it has succeeded, failed or expired; the exit code is 1 unless"
                        + " it succeeded."
            })
    static final class ShowInvocation implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Parameters(index = "0", paramLabel = "ID", description = "The invocation's id.")
        private String id;

        @Option(names = "--wait", description = "Wait until the invocation has finished.")
        private boolean waitUntilFinished;

        @Option(
                names = "--wait-timeout",
                paramLabel = "DURATION",
                defaultValue = "5m",
                converter = Converters.DurationConverter.class,
                description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        private DurationValue waitTimeout = DurationValue.of(Duration.ofMinutes(5));

        @Override
        public Integer call() {
            SlipwayApi api = server.api();
            AsyncInvocation invocation =
                    waitUntilFinished
                            ? AsyncInvocationWaiter.standard(api, spec.commandLine().getErr())
                                    .awaitFinished(id, waitTimeout.duration())
                            : api.getAsyncInvocation(id);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (output.isTable()) {
                AsyncPrinter.printDetails(printer, invocation, api);
            } else {
                printer.structured(output.format(), invocation);
            }
            if (waitUntilFinished && !invocation.succeeded()) {
                throw new CliException(AsyncPrinter.ending(invocation));
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List async invocations, newest first.")
    static final class ListInvocations implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Option(names = "--endpoint", paramLabel = "ENDPOINT", description = "Only this one's.")
        private String endpoint;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                description = "Only these: queued, running, succeeded, failed or expired.")
        private String status;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "100",
                description = "Ask the server for at most N (default: ${DEFAULT-VALUE}).")
        private int limit = 100;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be >= 1");
            }
            String wanted = status == null ? null : status.strip().toLowerCase(Locale.ROOT);
            if (wanted != null && !AsyncInvocation.STATUSES.contains(wanted)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--status '"
                                + status
                                + "' is not one of "
                                + String.join(", ", new TreeSet<>(AsyncInvocation.STATUSES)));
            }
            List<AsyncInvocation> invocations =
                    server.api().listAsyncInvocations(endpoint, wanted, limit);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (!output.isTable()) {
                printer.structured(output.format(), invocations);
            } else if (invocations.isEmpty()) {
                printer.line("No async invocations.");
            } else {
                printer.table(
                        AsyncPrinter.LIST_HEADERS,
                        invocations.stream().map(AsyncPrinter::row).toList());
            }
            return 0;
        }
    }
}
