package dev.slipway.cli;

import dev.slipway.cli.api.AsyncAcceptance;
import dev.slipway.cli.api.AsyncInvocation;
import dev.slipway.cli.api.AsyncInvocationRequest;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.RequestPayload;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

/**
 * {@code slipway invoke}: one call through the data plane, as a caller would make it: an OIP v2
 * inference request, a SageMaker-style CSV invocation, or (with {@code --async}) a queued
 * SageMaker-style asynchronous invocation.
 */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = {
            "Call an endpoint and print the answer.",
            "--data sends an Open Inference Protocol v2 JSON request to /v2/models/ENDPOINT/infer;",
            "--csv sends text/csv rows to /endpoints/ENDPOINT/invocations (SageMaker style).",
            "--async queues the request at /endpoints/ENDPOINT/async-invocations instead",
            "and prints its id and output locations; with --wait, its result when it ends."
        })
final class InvokeCommand implements Callable<Integer> {

    /** The options that mean nothing without {@code --async}. */
    private static final List<String> ASYNC_ONLY =
            List.of(
                    "--ttl",
                    "--invocation-timeout",
                    "--inference-id",
                    "--content-type",
                    "--wait",
                    "--wait-timeout",
                    "--output");

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private OutputOptions output;

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint to call.")
    private String endpoint;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Body body;

    static final class Body {
        @Option(
                names = "--data",
                paramLabel = "JSON|@FILE|-",
                description =
                        "JSON request (OIP v2, or {\"instances\": ...} with --async): inline, from"
                                + " a file (@FILE or a path), or - for stdin.")
        String json;

        @Option(
                names = "--csv",
                paramLabel = "FILE|-",
                description = "CSV rows from a file (@FILE or a path), or - for stdin.")
        String csv;

        @Option(
                names = "--input-location",
                paramLabel = "sha256:HEX",
                description =
                        "With --async: an object uploaded before (POST /api/v1/artifacts) as the"
                                + " input.")
        String inputLocation;

        @Option(
                names = "--input-file",
                paramLabel = "FILE",
                description =
                        "With --async: upload FILE to the artifact store first, then use it as the"
                                + " input (for inputs too large for one request).")
        Path inputFile;
    }

    @Option(names = "--async", description = "Queue an asynchronous invocation.")
    private boolean async;

    @Option(
            names = "--content-type",
            paramLabel = "TYPE",
            description =
                    "With --input-file or --input-location: what the input holds, application/json"
                            + " or text/csv (default: text/csv for a .csv file, else JSON).")
    private String contentType;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "With --async: how long it may wait in the queue, in whole seconds (default:"
                            + " the endpoint's).")
    private DurationValue ttl;

    @Option(
            names = "--invocation-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "With --async: how long one attempt may run, in whole seconds (default: the"
                            + " endpoint's).")
    private DurationValue invocationTimeout;

    @Option(
            names = "--inference-id",
            paramLabel = "ID",
            description = "With --async: your own label for the invocation.")
    private String inferenceId;

    @Option(
            names = "--wait",
            description =
                    "With --async: wait until it has finished; print the result, or fail with its"
                            + " error.")
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
        if (!async) {
            return invokeNow();
        }
        Long ttlSeconds = seconds(ttl, "--ttl");
        Long timeoutSeconds = seconds(invocationTimeout, "--invocation-timeout");
        SlipwayApi api = server.api();
        AsyncInvocationRequest request =
                new AsyncInvocationRequest(
                        asyncInput(api), ttlSeconds, timeoutSeconds, inferenceId);
        AsyncAcceptance accepted = api.invokeAsync(endpoint, request);
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (!waitUntilFinished) {
            if (output.isTable()) {
                AsyncPrinter.printAccepted(printer, accepted);
            } else {
                printer.structured(output.format(), accepted);
            }
            return 0;
        }
        return awaitResult(api, accepted, printer);
    }

    private int invokeNow() {
        for (String option : ASYNC_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw usage(option + " needs --async");
            }
        }
        if (body.inputLocation != null || body.inputFile != null) {
            throw usage(
                    (body.inputFile != null ? "--input-file" : "--input-location")
                            + " needs --async");
        }
        SlipwayApi api = server.api();
        String answer;
        if (body.json != null) {
            RequestPayload request =
                    RequestPayload.json(body.json, "--data", System.in)
                            .requireJsonObject("an OIP v2 inference request");
            answer = api.infer(endpoint, request.bytes());
        } else {
            answer =
                    api.invoke(
                            endpoint, RequestPayload.file(body.csv, System.in).bytes(), "text/csv");
        }
        new TablePrinter(spec.commandLine().getOut()).body(answer);
        return 0;
    }

    /** The input as the options give it; {@code --input-file} is uploaded now. */
    private AsyncInvocationRequest.Input asyncInput(SlipwayApi api) {
        if (contentType != null && body.inputLocation == null && body.inputFile == null) {
            throw usage(
                    "--content-type applies to --input-file and --input-location (--data sends"
                            + " application/json, --csv text/csv)");
        }
        if (body.json != null) {
            RequestPayload payload =
                    RequestPayload.json(body.json, "--data", System.in)
                            .requireJsonObject("an OIP v2 request or {\"instances\": ...}");
            return new AsyncInvocationRequest.Payload(payload.bytes(), "application/json");
        }
        if (body.csv != null) {
            return new AsyncInvocationRequest.Payload(
                    RequestPayload.file(body.csv, System.in).bytes(), "text/csv");
        }
        if (body.inputLocation != null) {
            String location = body.inputLocation.strip().toLowerCase(Locale.ROOT);
            String sha256 =
                    location.startsWith("sha256:")
                            ? location.substring("sha256:".length())
                            : location;
            try {
                return new AsyncInvocationRequest.StoredObject(sha256, contentType);
            } catch (IllegalArgumentException invalid) {
                throw usage(
                        "--input-location '"
                                + body.inputLocation
                                + "' is not sha256:<64 hex digits> (the answer of POST"
                                + " /api/v1/artifacts)");
            }
        }
        Path file = body.inputFile;
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file + ": file not found");
        }
        String type = contentType;
        if (type == null) {
            type =
                    file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                            ? "text/csv"
                            : "application/json";
        }
        ModelVersion.Artifact stored = api.uploadArtifact(file);
        PrintWriter err = spec.commandLine().getErr();
        err.println(
                "Uploaded "
                        + file
                        + " (sha256 "
                        + ArtifactDigest.abbreviate(stored.sha256())
                        + ")");
        err.flush();
        return new AsyncInvocationRequest.StoredObject(stored.sha256(), type);
    }

    /**
     * Waits for the invocation, then prints its result (or, with {@code -o}, the whole invocation).
     *
     * @throws CliException with the server's error when it failed or expired
     */
    private int awaitResult(SlipwayApi api, AsyncAcceptance accepted, TablePrinter printer) {
        String id = accepted.inferenceId();
        PrintWriter err = spec.commandLine().getErr();
        err.println("async invocation " + id + ": accepted (slipway async show " + id + ")");
        err.flush();
        AsyncInvocation finished =
                AsyncInvocationWaiter.standard(api, err).awaitFinished(id, waitTimeout.duration());
        if (!output.isTable()) {
            printer.structured(output.format(), finished);
        } else if (finished.succeeded()) {
            AsyncPrinter.printResult(printer, finished, api);
        }
        if (!finished.succeeded()) {
            throw new CliException(AsyncPrinter.ending(finished));
        }
        return 0;
    }

    /** The header's whole seconds, or null when the option was not given. */
    private Long seconds(DurationValue duration, String option) {
        if (duration == null) {
            return null;
        }
        long millis = duration.toMillis();
        if (millis == 0 || millis % 1_000 != 0) {
            throw usage(option + " must be a whole number of seconds, at least 1s (e.g. 90s, 6h)");
        }
        return millis / 1_000;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
