package dev.slipway.server;

import dev.slipway.server.api.TokenAuth;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.server.gateway.ErrorMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * How the server meets HTTP, apart from the routes themselves: the HTTP server's options, the guard
 * in front of the control plane, and the error body of a path nothing answers.
 */
final class HttpFront {
    private static final long MAX_CONTROL_BODY = 64L << 20;

    private HttpFront() {}

    /**
     * The control plane's routes under {@code /api/v1}: the OpenAPI document (public), then the
     * admin token, a bounded body (artifact uploads stream theirs) and the control plane's error
     * bodies for everything else.
     */
    static void guardControlPlane(Router router, String token, String tokenHint)
            throws IOException {
        // Read once from the jar: sendFile would prefer a same-named file in the working directory.
        Buffer openApi = Buffer.buffer(openApiDocument());
        router.get("/api/v1/openapi.yaml")
                .handler(
                        routing ->
                                routing.response()
                                        .putHeader("content-type", "application/yaml")
                                        .end(openApi));
        BodyHandler controlBody = BodyHandler.create(false).setBodyLimit(MAX_CONTROL_BODY);
        router.route("/api/v1/*")
                .handler(new TokenAuth(token, tokenHint))
                .handler(
                        routing -> {
                            if (routing.request().path().equals("/api/v1/artifacts")) {
                                routing.next();
                            } else {
                                controlBody.handle(routing);
                            }
                        })
                .failureHandler(
                        routing ->
                                ErrorMapper.respond(
                                        routing, ErrorMapper.Surface.CONTROL, MAX_CONTROL_BODY));
    }

    static HttpServerOptions options(ServerConfig config) {
        return new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // The JDK HttpClient's h2c upgrade (its default for http://) intermittently
                // desynchronised with Vert.x's ("Frame type(116) exceeds MAX_FRAME_SIZE"): answer
                // upgrades with plain HTTP/1.1 instead.
                .setHttp2ClearTextEnabled(false)
                // No WebSockets are served: without these Netty adds an extension handler that
                // inspects every request and response (~4% of a 1-row inference).
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Reads only: an idle timeout on writes too adds a listener to every response (~2%
                // of a 1-row ONNX request, ADR 14); every response here is written whole, so a
                // reader-side timeout is enough.
                .setReadIdleTimeout(
                        (int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** Answers 404 and 405 with the error body of the API the path belongs to. */
    static void answerUnmatched(Router router, long maxRequestBytes) {
        for (int status : new int[] {404, 405}) {
            router.errorHandler(
                    status,
                    routing ->
                            ErrorMapper.respond(
                                    routing, surfaceOf(routing.request().path()), maxRequestBytes));
        }
    }

    /** The error surface of an unmatched path, by its prefix. */
    private static ErrorMapper.Surface surfaceOf(String path) {
        if (path.startsWith("/api/")) {
            return ErrorMapper.Surface.CONTROL;
        }
        return path.startsWith("/endpoints/")
                ? ErrorMapper.Surface.SAGEMAKER
                : ErrorMapper.Surface.OIP;
    }

    private static byte[] openApiDocument() throws IOException {
        try (var in = HttpFront.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the server jar");
            }
            return in.readAllBytes();
        }
    }
}
