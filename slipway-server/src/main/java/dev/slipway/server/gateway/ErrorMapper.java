package dev.slipway.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.server.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an HTTP status and a JSON body. Handlers never choose
 * failure statuses: they throw or fail the context. Unknown failures become a 500 logged once, with
 * no stack trace in the body.
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** Which API answered: each has its own error body. */
    public enum Surface {
        /** OIP v2: {@code {"error": "..."}} exactly as the protocol says. */
        OIP,
        /** SageMaker runtime: adds {@code message} and {@code x-amzn-ErrorType} for AWS SDKs. */
        SAGEMAKER,
        /** Control plane: adds {@code code} and structured {@code details}. */
        CONTROL
    }

    /** A failure resolved to what the caller sees. */
    public record Failure(int status, ErrorCode code, String message, Object details) {}

    private ErrorMapper() {}

    public static Failure resolve(RoutingContext context) {
        Throwable failure = unwrap(context.failure());
        if (failure == null
                || (context.statusCode() == 413 && !(failure instanceof SlipwayException))) {
            return fromStatus(context);
        }
        return resolve(failure, context.request());
    }

    /** What the caller of {@code request} sees for a thrown failure. */
    public static Failure resolve(Throwable thrown, HttpServerRequest request) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof SlipwayException e) {
            return new Failure(status(e.code()), e.code(), e.getMessage(), e.details());
        }
        if (failure instanceof io.vertx.ext.web.handler.HttpException e) {
            return new Failure(
                    e.getStatusCode(),
                    codeFor(e.getStatusCode()),
                    e.getPayload() != null ? e.getPayload() : "HTTP " + e.getStatusCode(),
                    null);
        }
        log.error("unexpected failure on {} {}", request.method(), request.path(), failure);
        return new Failure(
                500,
                ErrorCode.INTERNAL,
                "internal error: " + failure.getClass().getSimpleName(),
                null);
    }

    private static Failure fromStatus(RoutingContext context) {
        int status = context.statusCode() < 0 ? 500 : context.statusCode();
        String message =
                switch (status) {
                    case 413 -> "request body is larger than the server's limit";
                    case 404 -> "no such resource: " + context.request().path();
                    case 405 -> notAllowedMessage(context.request());
                    case 415 -> "unsupported content type";
                    default -> "HTTP " + status;
                };
        return new Failure(status, codeFor(status), message, null);
    }

    public static void respond(RoutingContext context, Surface surface, long maxRequestBytes) {
        Failure failure = resolve(context);
        if (failure.status() == 413 && !(unwrap(context.failure()) instanceof SlipwayException)) {
            // Vert.x's body limit fails with a bare 413; a SlipwayException says what it is.
            failure = new Failure(413, failure.code(), tooLarge(maxRequestBytes), null);
        }
        respond(context.response(), surface, failure);
    }

    /** A 405 for a method the path does not take. */
    public static Failure notAllowed(HttpServerRequest request) {
        return new Failure(405, codeFor(405), notAllowedMessage(request), null);
    }

    private static String notAllowedMessage(HttpServerRequest request) {
        return request.method() + " is not allowed on " + request.path();
    }

    /** The message of a 413 for a body over the limit. */
    public static String tooLarge(long maxRequestBytes) {
        return "request body is larger than the limit of " + maxRequestBytes + " bytes";
    }

    /** Answers {@code failure} on {@code response}, or resets it if the head is already out. */
    public static void respond(HttpServerResponse response, Surface surface, Failure failure) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(failure.status()).putHeader("content-type", "application/json");
        if (failure.code() == ErrorCode.QUEUE_FULL) {
            response.putHeader("retry-after", "1");
        }
        if (surface == Surface.SAGEMAKER) {
            response.putHeader(
                    "x-amzn-ErrorType", failure.status() < 500 ? "ValidationError" : "ModelError");
        }
        response.end(Buffer.buffer(body(surface, failure)));
    }

    private static byte[] body(Surface surface, Failure failure) {
        String message = failure.message();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            if (surface == Surface.SAGEMAKER) {
                json.writeStringField("message", message);
            }
            if (surface == Surface.CONTROL) {
                json.writeStringField("code", failure.code().name());
                if (failure.details() != null) {
                    json.writeFieldName("details");
                    Json.MAPPER.writeValue(json, failure.details());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static int status(ErrorCode code) {
        return switch (code.category()) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_INPUT;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> ErrorCode.INTERNAL;
        };
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
