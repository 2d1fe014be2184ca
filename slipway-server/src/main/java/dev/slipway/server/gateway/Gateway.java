package dev.slipway.server.gateway;

import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.server.RouteSpec;
import dev.slipway.server.WorkerPool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The data plane: OIP v2 and SageMaker-style inference calls (answered ahead of the router by
 * {@link InferenceDispatcher}), the other OIP routes, their body limit and error surfaces, and
 * {@code /metrics}.
 */
public final class Gateway {
    /** The routes {@link InferenceDispatcher} answers ahead of the router. */
    public static final List<RouteSpec> DISPATCHED_ROUTES =
            List.of(
                    new RouteSpec(HttpMethod.POST, "/v2/models/:endpoint/infer"),
                    new RouteSpec(HttpMethod.POST, "/v2/models/:endpoint/versions/:version/infer"),
                    new RouteSpec(HttpMethod.POST, "/endpoints/:endpoint/invocations"));

    private final GatewayMetrics metrics;
    private final InferenceCall call;
    private final InferenceRoutes oip;
    private final SageMakerInvocations sagemaker;
    private final AsyncInvocationRoutes async;
    private final long maxRequestBytes;

    public Gateway(
            LocalNode node,
            EndpointService endpoints,
            ModelRegistry registry,
            WorkerPool blocking,
            BooleanSupplier serverReady,
            String serverVersion,
            long maxRequestBytes,
            PrometheusMeterRegistry meterRegistry,
            AsyncInvocationRoutes async) {
        this.metrics = new GatewayMetrics(meterRegistry, node::knows);
        this.call = new InferenceCall(node, metrics);
        this.oip =
                new InferenceRoutes(
                        call, endpoints, registry, blocking, serverReady, serverVersion);
        this.sagemaker = new SageMakerInvocations(call);
        this.async = async;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxRequestBytes);
        router.route("/v2/*")
                .handler(body)
                .failureHandler(routing -> fail(routing, ErrorMapper.Surface.OIP));
        router.route("/endpoints/*")
                .handler(body)
                .failureHandler(routing -> fail(routing, ErrorMapper.Surface.SAGEMAKER));
        oip.mount(router);
        async.mount(router);
        router.get("/metrics")
                .handler(
                        routing ->
                                routing.response()
                                        .putHeader(
                                                "content-type",
                                                "text/plain; version=0.0.4; charset=utf-8")
                                        .end(metrics.scrape()));
    }

    private void fail(io.vertx.ext.web.RoutingContext routing, ErrorMapper.Surface surface) {
        ErrorMapper.respond(routing, surface, maxRequestBytes);
    }

    /**
     * The HTTP server's request handler: inference calls answered directly, everything else by
     * {@code router} (which {@link #mount} must have been given).
     */
    public Handler<HttpServerRequest> requestHandler(Router router) {
        return new InferenceDispatcher(call, oip, sagemaker, maxRequestBytes, router);
    }

    public GatewayMetrics metrics() {
        return metrics;
    }
}
