package dev.slipway.server.gateway;

import dev.slipway.core.node.LocalNode;
import dev.slipway.core.node.Served;
import dev.slipway.server.protocol.BinaryTensorData;
import dev.slipway.server.protocol.ResponseBody;
import dev.slipway.spi.PredictRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The common tail of every inference route: submit to the node, encode the answer on the worker
 * thread that produced it, then reply (or fail the context) back on the event loop, recording
 * metrics either way. Stateless apart from its collaborators; thread-safe.
 */
final class InferenceCall {
    /** Routing-context keys set by the first handler of every inference route. */
    static final String START_NANOS = "slipway.start";

    /** A caller's key that keeps it on one side of a rollout's traffic split. */
    static final String ROUTING_KEY = "x-slipway-routing-key";

    static final String PROTOCOL = "slipway.protocol";
    static final String ENDPOINT = "slipway.endpoint";

    private record Answer(Served served, ResponseBody body) {}

    private final LocalNode node;
    private final GatewayMetrics metrics;

    InferenceCall(LocalNode node, GatewayMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
    }

    LocalNode node() {
        return node;
    }

    void run(
            RoutingContext routing,
            String protocol,
            String endpoint,
            Integer version,
            PredictRequest request,
            String contentType,
            Function<Served, byte[]> encoder) {
        run(
                routing,
                protocol,
                endpoint,
                version,
                request,
                served -> ResponseBody.of(encoder.apply(served), contentType));
    }

    /**
     * As above, with an encoder that also chooses the content type and may answer binary tensor
     * data, whose JSON length goes in {@link BinaryTensorData#HEADER}.
     */
    void run(
            RoutingContext routing,
            String protocol,
            String endpoint,
            Integer version,
            PredictRequest request,
            Function<Served, ResponseBody> encoder) {
        long started = routing.get(START_NANOS);
        Context context = Vertx.currentContext();
        node.infer(endpoint, version, request, routing.request().getHeader(ROUTING_KEY))
                .thenApply(served -> new Answer(served, encoder.apply(served)))
                .whenComplete(
                        (answer, failure) ->
                                context.runOnContext(
                                        ignored -> {
                                            if (failure != null) {
                                                routing.fail(failure);
                                                return;
                                            }
                                            metrics.record(
                                                    endpoint,
                                                    protocol,
                                                    System.nanoTime() - started,
                                                    false);
                                            ResponseBody body = answer.body();
                                            if (body.hasBinaryTensors()) {
                                                routing.response()
                                                        .putHeader(
                                                                BinaryTensorData.HEADER,
                                                                Integer.toString(
                                                                        body.jsonLength()));
                                            }
                                            routing.response()
                                                    .putHeader("content-type", body.contentType())
                                                    .putHeader(
                                                            "x-amzn-invoked-production-variant",
                                                            "v"
                                                                    + answer.served()
                                                                            .version()
                                                                            .version())
                                                    .end(Buffer.buffer(body.bytes()));
                                        }));
    }

    /** Marks the start of an inference request; the first handler of each inference route. */
    static void begin(RoutingContext routing, String protocol) {
        routing.put(START_NANOS, System.nanoTime());
        routing.put(PROTOCOL, protocol);
        routing.put(ENDPOINT, routing.pathParam("endpoint"));
        routing.next();
    }

    /** Records a failed inference request; called from the failure handler. */
    void recordFailure(RoutingContext routing) {
        Long started = routing.get(START_NANOS);
        if (started != null) {
            metrics.record(
                    routing.get(ENDPOINT),
                    routing.get(PROTOCOL),
                    System.nanoTime() - started,
                    true);
        }
    }
}
