package dev.slipway.cli;

import dev.slipway.cli.api.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway endpoints}: the stable names callers call, each serving a model version. */
@Command(
        name = "endpoints",
        mixinStandardHelpOptions = true,
        description = "Create, change, list, inspect and delete endpoints.",
        subcommands = {
            EndpointWriteCommands.Create.class,
            EndpointWriteCommands.Update.class,
            EndpointsCommand.ListEndpoints.class,
            EndpointsCommand.ShowEndpoint.class,
            EndpointsCommand.DeleteEndpoint.class
        })
final class EndpointsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List endpoints.")
    static final class ListEndpoints implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Override
        public Integer call() {
            List<Endpoint> endpoints = server.api().listEndpoints();
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (!output.isTable()) {
                printer.structured(output.format(), endpoints);
            } else if (endpoints.isEmpty()) {
                printer.line("No endpoints.");
            } else {
                printer.table(
                        List.of("NAME", "MODEL", "STATE", "READY", "CORES", "MEMORY", "TIMEOUT"),
                        endpoints.stream()
                                .map(
                                        endpoint ->
                                                List.of(
                                                        endpoint.name(),
                                                        model(endpoint),
                                                        TablePrinter.text(
                                                                endpoint.status().state()),
                                                        endpoint.status().readyCopies()
                                                                + "/"
                                                                + endpoint.copies(),
                                                        TablePrinter.text(
                                                                endpoint.resources().cores()),
                                                        TablePrinter.text(
                                                                endpoint.resources().memory()),
                                                        TablePrinter.text(endpoint.timeout())))
                                .toList());
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show an endpoint's spec, status and URLs.")
    static final class ShowEndpoint implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Override
        public Integer call() {
            Endpoint endpoint = server.api().getEndpoint(name);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (output.isTable()) {
                printDetails(printer, endpoint);
            } else {
                printer.structured(output.format(), endpoint);
            }
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an endpoint; its copies are unloaded.")
    static final class DeleteEndpoint implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
        private String name;

        @Override
        public Integer call() {
            server.api().deleteEndpoint(name);
            new TablePrinter(spec.commandLine().getOut()).line("endpoint/" + name + ": deleted");
            return 0;
        }
    }

    static String model(Endpoint endpoint) {
        return endpoint.model() == null ? "-" : endpoint.model().label();
    }

    static void printDetails(TablePrinter printer, Endpoint endpoint) {
        Endpoint.Status status = endpoint.status();
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Name", endpoint.name());
        fields.put("Model", model(endpoint));
        fields.put("Copies", endpoint.copies());
        fields.put("Cores", endpoint.resources().cores());
        fields.put("Memory", endpoint.resources().memory());
        fields.put("Timeout", endpoint.timeout());
        fields.put("Generation", endpoint.generation());
        fields.put("State", status.state());
        fields.put("Ready copies", status.readyCopies() + "/" + endpoint.copies());
        fields.put("Serving version", status.servingVersion());
        fields.put("Message", status.message());
        endpoint.urls().forEach((kind, url) -> fields.put("URL (" + kind + ")", url));
        fields.put("Created", endpoint.createdAt());
        fields.put("Updated", endpoint.updatedAt());
        printer.fields(fields);
    }

    /** {@code infer: http://...} lines printed once an endpoint is ready. */
    static void printUrls(TablePrinter printer, Endpoint endpoint) {
        Map<String, Object> urls = TablePrinter.fieldMap();
        endpoint.urls().forEach((kind, url) -> urls.put("  " + kind, url));
        printer.fields(urls);
    }
}
