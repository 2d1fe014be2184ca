package dev.slipway.server.async;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncPayloads;
import dev.slipway.core.async.AsyncService;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Payloads, results and failure records of asynchronous invocations as files under the artifact
 * directory ({@code async/<id>/input|output|failure.json}), each written to a temporary file and
 * moved into place atomically. Inputs named {@code sha256:<hex>} are read from the artifact store,
 * which checks their digest. Thread-safe.
 */
public final class FileAsyncPayloads implements AsyncPayloads {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    private final Path root;
    private final ArtifactStore artifacts;

    public FileAsyncPayloads(Path root, ArtifactStore artifacts) {
        this.root = root;
        this.artifacts = artifacts;
    }

    @Override
    public void writeInput(String id, byte[] payload) throws IOException {
        write(directory(id).resolve("input"), payload);
    }

    @Override
    public byte[] readInput(AsyncInvocation invocation) throws IOException {
        String input = invocation.input();
        if (input.startsWith(AsyncService.SHA256_PREFIX)) {
            return Files.readAllBytes(
                    artifacts.materialize(input.substring(AsyncService.SHA256_PREFIX.length())));
        }
        return Files.readAllBytes(directory(invocation.id()).resolve("input"));
    }

    @Override
    public void writeOutput(String id, byte[] output) throws IOException {
        write(output(id), output);
    }

    @Override
    public void writeFailure(AsyncInvocation invocation, String error) throws IOException {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("inferenceId", invocation.id());
        record.put("endpoint", invocation.endpoint());
        record.put("error", error);
        record.put("attempts", invocation.attempts());
        write(failure(invocation.id()), Json.MAPPER.writeValueAsBytes(record));
    }

    @Override
    public String outputLocation(String id) {
        return "slipway://async/" + id + "/output";
    }

    @Override
    public String failureLocation(String id) {
        return "slipway://async/" + id + "/failure";
    }

    /** The stored output file (it exists once the invocation succeeded). */
    public Path output(String id) {
        return directory(id).resolve("output");
    }

    /** The stored failure record (it exists once the invocation failed or expired). */
    public Path failure(String id) {
        return directory(id).resolve("failure.json");
    }

    private Path directory(String id) {
        // Ids are made by the server, but they also arrive in URLs: never a path of the caller's.
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an invocation id: " + id);
        }
        return root.resolve(id);
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary =
                Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
