package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.JacksonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway invoke}: one call through the data plane, as a caller would make it: an OIP v2
 * inference request, or a SageMaker-style CSV invocation.
 */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = {
            "Call an endpoint and print the answer.",
            "--data sends an Open Inference Protocol v2 JSON request to /v2/models/ENDPOINT/infer;",
            "--csv sends text/csv rows to /endpoints/ENDPOINT/invocations (SageMaker style)."
        })
final class InvokeCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint to call.")
    private String endpoint;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Body body;

    static final class Body {
        @Option(
                names = "--data",
                paramLabel = "FILE|-",
                description = "OIP v2 JSON request; - reads stdin.")
        String json;

        @Option(names = "--csv", paramLabel = "FILE|-", description = "CSV rows; - reads stdin.")
        String csv;
    }

    @Override
    public Integer call() {
        SlipwayApi api = server.api();
        String answer;
        if (body.json != null) {
            byte[] request = read(body.json);
            requireJson(request, body.json);
            answer = api.infer(endpoint, request);
        } else {
            answer = api.invoke(endpoint, read(body.csv), "text/csv");
        }
        new TablePrinter(spec.commandLine().getOut()).body(answer);
        return 0;
    }

    private static byte[] read(String source) {
        try {
            if (source.equals("-")) {
                InputStream in = System.in;
                return in.readAllBytes();
            }
            return Files.readAllBytes(Path.of(source));
        } catch (NoSuchFileException missing) {
            throw new InputFileException(source + ": file not found");
        } catch (IOException unreadable) {
            throw new InputFileException(
                    source + ": cannot read (" + unreadable.getMessage() + ")");
        }
    }

    /** A malformed file is reported here, naming the file, rather than as the server's 400. */
    private static void requireJson(byte[] request, String source) {
        try {
            if (!JacksonMappers.JSON.readTree(request).isObject()) {
                throw new InputFileException(
                        (source.equals("-") ? "stdin" : source)
                                + ": expected a JSON object (an OIP v2 inference request)");
            }
        } catch (JsonProcessingException invalid) {
            throw new InputFileException(
                    (source.equals("-") ? "stdin" : source)
                            + ": invalid JSON ("
                            + invalid.getOriginalMessage()
                            + ")");
        } catch (IOException unreadable) {
            throw new InputFileException(
                    source + ": cannot read (" + unreadable.getMessage() + ")");
        }
    }
}
