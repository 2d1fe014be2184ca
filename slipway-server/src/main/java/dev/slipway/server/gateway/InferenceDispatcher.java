package dev.slipway.server.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP server's request handler: answers inference POSTs itself (and any other method on their
 * paths with a 405) and hands every other request to the router. Why: for a 1-row request the
 * router's per-route path regexes, its routing context and body handler were ~8% of the server's
 * CPU (async-profiler, ADR 10); an inference call needs none of them, only its path segments, a
 * bounded body and the error surface of its API.
 */
final class InferenceDispatcher implements Handler<HttpServerRequest> {
    private final InferenceCall call;
    private final InferenceRoutes oip;
    private final SageMakerInvocations sagemaker;
    private final long maxRequestBytes;
    private final Handler<HttpServerRequest> router;

    InferenceDispatcher(
            InferenceCall call,
            InferenceRoutes oip,
            SageMakerInvocations sagemaker,
            long maxRequestBytes,
            Handler<HttpServerRequest> router) {
        this.call = call;
        this.oip = oip;
        this.sagemaker = sagemaker;
        this.maxRequestBytes = maxRequestBytes;
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        InferencePath path = InferencePath.parse(request.path());
        if (path == null) {
            router.handle(request);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader(HttpHeaders.ALLOW, "POST");
            ErrorMapper.respond(request.response(), path.api(), ErrorMapper.notAllowed(request));
            return;
        }
        InferenceCall.Exchange exchange =
                new InferenceCall.Exchange(
                        request,
                        path,
                        Vertx.currentContext(),
                        Thread.currentThread(),
                        System.nanoTime());
        BoundedBody.read(
                request,
                maxRequestBytes,
                new BoundedBody.Receiver() {
                    @Override
                    public void body(byte[] bytes) {
                        dispatch(exchange, bytes);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        call.fail(exchange, failure);
                    }
                });
    }

    private void dispatch(InferenceCall.Exchange exchange, byte[] body) {
        try {
            switch (exchange.path().api()) {
                case OIP -> oip.infer(exchange, body);
                case SAGEMAKER -> sagemaker.invoke(exchange, body);
                default -> throw new IllegalStateException("not an inference API: " + exchange);
            }
        } catch (RuntimeException e) {
            call.fail(exchange, e);
        }
    }
}
