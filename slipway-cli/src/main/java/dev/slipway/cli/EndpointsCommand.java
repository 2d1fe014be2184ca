package dev.slipway.cli;

import dev.slipway.cli.api.Endpoint;
import java.util.ArrayList;
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
                        List.of(
                                "NAME", "MODEL", "STATE", "READY", "CORES", "MEMORY", "TIMEOUT",
                                "BATCH"),
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
                                                        TablePrinter.text(endpoint.timeout()),
                                                        batchColumn(endpoint)))
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
        fields.put("Batching", batching(endpoint.batching()));
        fields.put(
                "Max queue",
                endpoint.maxQueue() == null ? "server default" : endpoint.maxQueue() + " per copy");
        fields.put(
                "Max rows",
                endpoint.maxRows() == null ? "unlimited" : endpoint.maxRows() + " per request");
        fields.put("Async", async(endpoint.async()));
        fields.put(
                "Notifications",
                endpoint.async() == null ? null : notifications(endpoint.async().notifications()));
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

    /** {@code 32/2ms}, {@code off}, or "-" from a server that does not show batching. */
    static String batchColumn(Endpoint endpoint) {
        Endpoint.Batching batching = endpoint.batching();
        if (batching == null) {
            return "-";
        }
        return batching.enabled() ? batching.maxBatchSize() + "/" + batching.maxDelay() : "off";
    }

    /** {@code up to 32 requests per call, waiting at most 2ms}, or {@code off}. */
    static String batching(Endpoint.Batching batching) {
        if (batching == null) {
            return null;
        }
        if (!batching.enabled()) {
            return "off";
        }
        return "up to "
                + batching.maxBatchSize()
                + " requests per call, waiting at most "
                + TablePrinter.text(batching.maxDelay());
    }

    /** {@code 1 in flight per copy, 3 attempts, ttl 6h, invocation timeout 15m}. */
    static String async(Endpoint.Async async) {
        if (async == null) {
            return null;
        }
        return TablePrinter.text(async.maxConcurrentPerCopy())
                + " in flight per copy, "
                + TablePrinter.text(async.maxAttempts())
                + " attempts, ttl "
                + TablePrinter.text(async.ttl())
                + ", invocation timeout "
                + TablePrinter.text(async.invocationTimeout());
    }

    /** {@code on success URL, on error URL, secret set}, or {@code none}; never the secret. */
    static String notifications(Endpoint.Notifications notifications) {
        if (notifications == null) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (notifications.onSuccess() != null) {
            parts.add("on success " + notifications.onSuccess());
        }
        if (notifications.onError() != null) {
            parts.add("on error " + notifications.onError());
        }
        parts.add(notifications.secretSet() ? "secret set" : "no secret");
        return String.join(", ", parts);
    }

    /** {@code infer: http://...} lines printed once an endpoint is ready. */
    static void printUrls(TablePrinter printer, Endpoint endpoint) {
        Map<String, Object> urls = TablePrinter.fieldMap();
        endpoint.urls().forEach((kind, url) -> urls.put("  " + kind, url));
        printer.fields(urls);
    }
}
