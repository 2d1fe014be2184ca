package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.concurrent.Callable;

/** Writes control-API answers. Stateless. */
final class ApiResponses {
    private ApiResponses() {}

    /**
     * Runs the work on the worker pool, off the event loop, and writes its JSON result; a null
     * result is a 204. Failures go to the route's failure handler (the ErrorMapper).
     */
    static void respond(
            WorkerPool blocking, RoutingContext routing, int status, Callable<JsonNode> work) {
        blocking.submit(work)
                .onSuccess(
                        result -> {
                            if (result == null) {
                                routing.response()
                                        .setStatusCode(status == 200 ? 204 : status)
                                        .end();
                                return;
                            }
                            try {
                                routing.response()
                                        .setStatusCode(status)
                                        .putHeader("content-type", "application/json")
                                        .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(result)));
                            } catch (IOException e) {
                                routing.fail(e);
                            }
                        })
                .onFailure(routing::fail);
    }
}
