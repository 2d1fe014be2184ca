package dev.slipway.server.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncService;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;

/**
 * The SageMaker runtime API's {@code InvokeEndpointAsync}: {@code POST
 * /endpoints/{name}/async-invocations} with the payload in the body or in Slipway's artifact store
 * ({@code X-Amzn-SageMaker-InputLocation: sha256:<hex>}); answers 202 with the invocation id and
 * where its output or failure record will be.
 */
public final class AsyncInvocationRoutes {
    static final String INPUT_LOCATION = "X-Amzn-SageMaker-InputLocation";
    static final String TTL = "X-Amzn-SageMaker-RequestTTLSeconds";
    static final String TIMEOUT = "X-Amzn-SageMaker-InvocationTimeoutSeconds";
    static final String INFERENCE_ID = "X-Amzn-SageMaker-Inference-Id";
    static final String CONTENT_TYPE = "X-Amzn-SageMaker-Content-Type";
    static final String ACCEPT = "X-Amzn-SageMaker-Accept";

    private final AsyncService service;
    private final WorkerPool blocking;

    public AsyncInvocationRoutes(AsyncService service, WorkerPool blocking) {
        this.service = service;
        this.blocking = blocking;
    }

    void mount(Router router) {
        router.post("/endpoints/:endpoint/async-invocations").handler(this::accept);
    }

    private void accept(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        byte[] body =
                routing.body().buffer() == null ? new byte[0] : routing.body().buffer().getBytes();
        String location = request.getHeader(INPUT_LOCATION);
        AsyncService.Submission submission =
                new AsyncService.Submission(
                        routing.pathParam("endpoint"),
                        body,
                        location == null ? null : location.trim(),
                        // The AWS SDK names the payload's types in these (its own body is empty).
                        firstOf(request.getHeader(CONTENT_TYPE), request.getHeader("content-type")),
                        firstOf(request.getHeader(ACCEPT), request.getHeader("accept")),
                        inferenceId(request.getHeader(INFERENCE_ID)),
                        seconds(request.getHeader(TTL), TTL),
                        seconds(request.getHeader(TIMEOUT), TIMEOUT));
        blocking.submit(() -> service.accept(submission))
                .onSuccess(invocation -> answer(routing, invocation))
                .onFailure(routing::fail);
    }

    private void answer(RoutingContext routing, AsyncInvocation invocation) {
        String output = service.payloads().outputLocation(invocation.id());
        String failure = service.payloads().failureLocation(invocation.id());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("InferenceId", invocation.id());
        body.put("OutputLocation", output);
        body.put("FailureLocation", failure);
        try {
            routing.response()
                    .setStatusCode(202)
                    .putHeader("content-type", "application/json")
                    .putHeader("X-Amzn-SageMaker-OutputLocation", output)
                    .putHeader("X-Amzn-SageMaker-FailureLocation", failure)
                    .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            routing.fail(e);
        }
    }

    private static String firstOf(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    private static Duration seconds(String header, String name) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw SlipwayException.invalidArgument(
                    name + " must be a whole number of seconds, got '" + header + "'");
        }
    }

    private static String inferenceId(String header) {
        if (header != null && header.length() > 64) {
            throw SlipwayException.invalidArgument(
                    INFERENCE_ID + " must have at most 64 characters");
        }
        return header;
    }
}
