package dev.slipway.server.api;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.endpoint.Quantities;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.server.WorkerPool;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code POST /api/v1/artifacts}: streams the body to a temporary file (never held in memory, never
 * blocking the event loop), then stores it content-addressed on the worker pool.
 */
final class ArtifactUploads {
    private final ArtifactStore artifacts;
    private final WorkerPool blocking;
    private final long maxBytes;

    ArtifactUploads(ArtifactStore artifacts, WorkerPool blocking, long maxBytes) {
        this.artifacts = artifacts;
        this.blocking = blocking;
        this.maxBytes = maxBytes;
    }

    void upload(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String length = request.getHeader("content-length");
        if (length != null && parse(length) > maxBytes) {
            throw tooLarge();
        }
        request.pause();
        var files = routing.vertx().fileSystem();
        files.createTempFile("slipway-upload-", ".part")
                .compose(
                        path ->
                                files.open(path, new OpenOptions().setWrite(true))
                                        .compose(file -> request.pipeTo(file))
                                        .compose(
                                                done ->
                                                        blocking.<ArtifactRef>submit(
                                                                () -> store(Path.of(path))))
                                        .onComplete(done -> files.delete(path)))
                .onSuccess(
                        ref ->
                                routing.response()
                                        .setStatusCode(201)
                                        .putHeader("content-type", "application/json")
                                        .end(
                                                Buffer.buffer(
                                                        "{\"sha256\":\""
                                                                + ref.sha256()
                                                                + "\",\"size\":"
                                                                + ref.size()
                                                                + "}")))
                .onFailure(routing::fail);
    }

    private ArtifactRef store(Path temporary) throws Exception {
        if (Files.size(temporary) > maxBytes) {
            throw tooLarge();
        }
        if (Files.size(temporary) == 0) {
            throw SlipwayException.invalidArgument("the artifact is empty");
        }
        try (InputStream in = Files.newInputStream(temporary)) {
            return artifacts.put(in);
        }
    }

    private SlipwayException tooLarge() {
        return new SlipwayException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "artifact is larger than the limit of "
                        + Quantities.formatMemory(maxBytes)
                        + " (SLIPWAY_MAX_ARTIFACT_SIZE)");
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw SlipwayException.invalidArgument(
                    "content-length '" + length + "' is not a number");
        }
    }
}
