package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncService;
import dev.slipway.core.async.AsyncStatus;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.async.FileAsyncPayloads;
import dev.slipway.server.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code /api/v1/async}: the status and result of asynchronous invocations, and their stored output
 * and failure records (the OutputLocation and FailureLocation a 202 named).
 */
public final class AsyncRoutes {
    /** Results at most this large are inlined in the status answer; larger ones are fetched. */
    static final long MAX_INLINE_RESULT = 1 << 20;

    private final AsyncService service;
    private final FileAsyncPayloads payloads;
    private final WorkerPool blocking;

    public AsyncRoutes(AsyncService service, FileAsyncPayloads payloads, WorkerPool blocking) {
        this.service = service;
        this.payloads = payloads;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.get("/api/v1/async").handler(this::list);
        router.get("/api/v1/async/:id").handler(this::get);
        router.get("/api/v1/async/:id/output").handler(routing -> file(routing, true));
        router.get("/api/v1/async/:id/failure").handler(routing -> file(routing, false));
    }

    private void list(RoutingContext routing) {
        String endpoint = routing.queryParams().get("endpoint");
        String statusText = routing.queryParams().get("status");
        int limit = ApiRequests.intParam(routing, "limit", 100);
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> {
                    AsyncStatus status;
                    try {
                        status = statusText == null ? null : AsyncStatus.fromWire(statusText);
                    } catch (IllegalArgumentException e) {
                        throw SlipwayException.invalidArgument("status: " + e.getMessage());
                    }
                    return ApiViews.list(
                            "invocations", service.list(endpoint, status, limit), this::view);
                });
    }

    private void get(RoutingContext routing) {
        String id = routing.pathParam("id");
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> {
                    AsyncInvocation invocation = service.get(id);
                    ObjectNode view = view(invocation);
                    if (invocation.status() == AsyncStatus.SUCCEEDED) {
                        view.set("result", result(invocation));
                    }
                    return view;
                });
    }

    private JsonNode result(AsyncInvocation invocation) throws IOException {
        Path output = payloads.output(invocation.id());
        if (Files.size(output) > MAX_INLINE_RESULT) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(output);
        if ("application/json".equals(invocation.outputContentType())) {
            return Json.MAPPER.readTree(bytes);
        }
        return Json.MAPPER.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
    }

    private record StoredFile(byte[] bytes, String contentType) {}

    private void file(RoutingContext routing, boolean output) {
        String id = routing.pathParam("id");
        blocking.submit(
                        () -> {
                            AsyncInvocation invocation = service.get(id);
                            try {
                                // The status decides: a worker that lost its claim may have left
                                // a file the outcome does not stand behind.
                                boolean published =
                                        output
                                                ? invocation.status() == AsyncStatus.SUCCEEDED
                                                : invocation.status() == AsyncStatus.FAILED
                                                        || invocation.status()
                                                                == AsyncStatus.EXPIRED;
                                if (!published) {
                                    throw new NoSuchFileException(id);
                                }
                                if (!output) {
                                    return new StoredFile(
                                            Files.readAllBytes(payloads.failure(id)),
                                            "application/json");
                                }
                                String type = invocation.outputContentType();
                                return new StoredFile(
                                        Files.readAllBytes(payloads.output(id)),
                                        type == null || type.isEmpty()
                                                ? "application/octet-stream"
                                                : type);
                            } catch (NoSuchFileException e) {
                                throw new SlipwayException(
                                        ErrorCode.NOT_FOUND,
                                        "async invocation '"
                                                + id
                                                + "' has no "
                                                + (output ? "output" : "failure record")
                                                + " (status: "
                                                + invocation.status().wireName()
                                                + ")");
                            }
                        })
                .onSuccess(
                        file ->
                                routing.response()
                                        .putHeader("content-type", file.contentType())
                                        .end(Buffer.buffer(file.bytes())))
                .onFailure(routing::fail);
    }

    private ObjectNode view(AsyncInvocation invocation) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("id", invocation.id());
        view.put("endpoint", invocation.endpoint());
        view.put("status", invocation.status().wireName());
        view.put("inferenceId", invocation.inferenceId());
        view.put("attempts", invocation.attempts());
        view.put("maxAttempts", invocation.maxAttempts());
        view.put("createdAt", ApiViews.time(invocation.createdAt()));
        view.put("startedAt", ApiViews.time(invocation.startedAt()));
        view.put("completedAt", ApiViews.time(invocation.completedAt()));
        view.put("expiresAt", ApiViews.time(invocation.expiresAt()));
        view.put("input", invocation.input());
        view.put("outputLocation", payloads.outputLocation(invocation.id()));
        view.put("failureLocation", payloads.failureLocation(invocation.id()));
        view.put("outputContentType", invocation.outputContentType());
        view.put("error", invocation.error());
        view.putObject("notification")
                .put("status", invocation.notification().delivery().wireName())
                .put("attempts", invocation.notification().attempts());
        return view;
    }
}
