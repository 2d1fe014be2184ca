package dev.slipway.cli;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.SlipwayApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Override
        public Integer call() {
            if (options.model == null) {
                throw new ParameterException(
                        spec.commandLine(), "Missing required option: '--model=REF'");
            }
            SlipwayApi api = server.api();
            Endpoint created = api.createEndpoint(options.spec(name));
            return finish(spec, api, output, options, created, "created");
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Change an endpoint: only the options given are sent.")
    static final class Update implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;
        @Mixin private EndpointSpecOptions options;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Override
        public Integer call() {
            EndpointSpec changes = options.spec(null);
            if (changes.changesNothing()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "nothing to update: give --model, --copies, --cores, --memory or --timeout");
            }
            SlipwayApi api = server.api();
            Endpoint updated = api.updateEndpoint(name, changes);
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
        if (options.waitUntilReady) {
            endpoint =
                    EndpointWaiter.standard(api, spec.commandLine().getErr())
                            .awaitReady(endpoint.name(), options.waitTimeout.duration());
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
