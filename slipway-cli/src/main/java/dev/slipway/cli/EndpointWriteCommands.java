package dev.slipway.cli;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.SlipwayApi;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code endpoints create} and {@code endpoints update}: they take the same spec options and end
 * the same way (print, then optionally wait until ready), so they live together.
 */
final class EndpointWriteCommands {

    private EndpointWriteCommands() {}

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an endpoint serving a model version.")
    static final class Create implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;
        @Mixin private EndpointSpecOptions options;
        @Mixin private EndpointAsyncOptions asyncOptions;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Override
        public Integer call() {
            if (options.model == null) {
                throw new ParameterException(
                        spec.commandLine(), "Missing required option: '--model=REF'");
            }
            SlipwayApi api = server.api();
            Endpoint created = api.createEndpoint(options.spec(name, asyncOptions.spec(false)));
            return finish(spec, api, output, options, created, "created");
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                "Change an endpoint: only the options given are sent.",
                "A --model naming another version starts a rollout: --strategy and its options",
                "say how (else the endpoint's rollout defaults, else expedited); --wait waits",
                "for it to end, then for the endpoint."
            })
    static final class Update implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;
        @Mixin private EndpointSpecOptions options;
        @Mixin private EndpointAsyncOptions asyncOptions;
        @Mixin private RolloutSpecOptions rolloutOptions;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Option(
                names = "--strategy",
                paramLabel = "STRATEGY",
                description = "How a new --model rolls out: expedited, gradual or shadow.")
        private String strategy;

        @Option(names = "--no-notifications", description = "Remove the endpoint's async webhooks.")
        private boolean noNotifications;

        @Override
        public Integer call() {
            EndpointSpec changes = options.spec(null, asyncOptions.spec(noNotifications));
            if (changes.changesNothing()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "nothing to update: give an option to change, such as --model, --copies,"
                                + " --max-batch-size or --async-ttl (see --help)");
            }
            RolloutSpec rollout = rolloutOptions.spec(strategy, "--strategy");
            if (rollout != null && changes.model() == null) {
                throw new ParameterException(
                        spec.commandLine(), "--strategy rolls out a new --model: give --model");
            }
            SlipwayApi api = server.api();
            Endpoint updated = api.updateEndpoint(name, changes.withRollout(rollout));
            return finish(spec, api, output, options, updated, "updated");
        }
    }

    private static int finish(
            CommandSpec spec,
            SlipwayApi api,
            OutputOptions output,
            EndpointSpecOptions options,
            Endpoint endpoint,
            String verb) {
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (output.isTable()) {
            printer.line(
                    "endpoint/"
                            + endpoint.name()
                            + ": "
                            + verb
                            + " (model "
                            + EndpointsCommand.model(endpoint)
                            + ", "
                            + endpoint.copies()
                            + (endpoint.copies() == 1 ? " copy)" : " copies)"));
        }
        if (output.isTable() && endpoint.rollout() != null) {
            printer.line(RolloutsCommand.started(api, endpoint.rollout(), endpoint.name()));
        }
        if (options.waitUntilReady) {
            Duration timeout = options.waitTimeout.duration();
            if (endpoint.rollout() != null) {
                Instant start = Instant.now();
                Rollout ended =
                        RolloutWatcher.standard(
                                        api,
                                        spec.commandLine().getErr(),
                                        RolloutWatcher.Display.PHASES,
                                        RolloutWatcher.WAIT_INTERVAL)
                                .watch(endpoint.rollout().id(), timeout);
                if (!ended.completed()) {
                    throw new CliException(RolloutPrinter.ending(ended));
                }
                // One budget for the whole wait: the endpoint gets what the rollout left.
                Duration spent = Duration.between(start, Instant.now());
                timeout = spent.compareTo(timeout) >= 0 ? Duration.ZERO : timeout.minus(spent);
            }
            endpoint =
                    EndpointWaiter.standard(api, spec.commandLine().getErr())
                            .awaitReady(endpoint.name(), timeout);
            if (output.isTable()) {
                printer.line(
                        "endpoint/" + endpoint.name() + ": " + EndpointWaiter.describe(endpoint));
                EndpointsCommand.printUrls(printer, endpoint);
            }
        }
        if (!output.isTable()) {
            printer.structured(output.format(), endpoint);
        }
        return 0;
    }
}
