package dev.slipway.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.input.JacksonMappers;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP and JSON against one Slipway server: sends the bearer token, turns every non-2xx answer into
 * an {@link ApiException} carrying the server's {@code error} message, and maps bodies to records.
 * Thread-safe: it holds only immutable state and the JDK's thread-safe {@link HttpClient}.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON_TYPE = "application/json";

    private final URI server;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = JacksonMappers.JSON;

    /**
     * @param server base URL such as {@code http://127.0.0.1:8080}; a path prefix is kept
     * @param token bearer token, or null to send none
     */
    public ApiClient(URI server, String token) {
        this(
                server,
                token,
                // HTTP/1.1: the JDK would otherwise try an h2c upgrade on every plain-http call.
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
    }

    public ApiClient(URI server, String token, HttpClient http) {
        String base = server.toString();
        this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = http;
    }

    public URI server() {
        return server;
    }

    public boolean hasToken() {
        return token != null;
    }

    /** Encodes one path segment (a model or endpoint name) for use in a URL. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public <T> T get(String path, Class<T> type) {
        return convert(send("GET", path, BodyPublishers.noBody(), null), type);
    }

    /** GET that answers empty on 404 instead of failing. */
    public <T> Optional<T> find(String path, Class<T> type) {
        try {
            return Optional.of(get(path, type));
        } catch (ApiException notFound) {
            if (notFound.isNotFound()) {
                return Optional.empty();
            }
            throw notFound;
        }
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return convert(send("POST", path, jsonBody(body), JSON_TYPE), type);
    }

    public <T> T put(String path, Object body, Class<T> type) {
        return convert(send("PUT", path, jsonBody(body), JSON_TYPE), type);
    }

    public <T> T patch(String path, Object body, Class<T> type) {
        return convert(send("PATCH", path, jsonBody(body), JSON_TYPE), type);
    }

    public void delete(String path) {
        send("DELETE", path, BodyPublishers.noBody(), null);
    }

    /** POSTs a file's bytes, streamed from disk, and maps the JSON answer. */
    public <T> T postFile(String path, Path file, String contentType, Class<T> type) {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (FileNotFoundException missing) {
            throw new ApiException(ApiException.NO_ANSWER, file + ": file not found");
        }
        return convert(send("POST", path, body, contentType), type);
    }

    /**
     * POSTs raw bytes and returns the raw answer body; for data-plane calls whose answer the caller
     * prints as it came.
     */
    public String postBytes(String path, byte[] body, String contentType) {
        return send("POST", path, BodyPublishers.ofByteArray(body), contentType);
    }

    /**
     * POSTs raw bytes (no body at all when {@code body} is empty) with extra headers, and maps the
     * JSON answer; for data-plane calls whose headers carry part of the request.
     *
     * @param contentType null to send none
     */
    public <T> T postBytes(
            String path,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            Class<T> type) {
        BodyPublisher publisher =
                body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
        return convert(send("POST", path, publisher, contentType, headers), type);
    }

    private BodyPublisher jsonBody(Object body) {
        try {
            return BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (JsonProcessingException unserializable) {
            throw new IllegalArgumentException("cannot write request body as JSON", unserializable);
        }
    }

    private String send(String method, String path, BodyPublisher body, String contentType) {
        return send(method, path, body, contentType, Map.of());
    }

    private String send(
            String method,
            String path,
            BodyPublisher body,
            String contentType,
            Map<String, String> headers) {
        URI uri = URI.create(server + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body);
        request.header("Accept", JSON_TYPE);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException unreachable) {
            throw new ApiException(
                    ApiException.NO_ANSWER,
                    "cannot reach the Slipway server at "
                            + server
                            + " ("
                            + describe(unreachable)
                            + "); is it running? (--server or SLIPWAY_URL)");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.NO_ANSWER, "interrupted while calling " + uri);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(method, path, response);
        }
        return response.body();
    }

    private ApiException error(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parseOrNull(response.body());
        String message =
                body != null && body.path("error").isTextual()
                        ? body.path("error").asText()
                        : "HTTP "
                                + status
                                + " from "
                                + method
                                + " "
                                + path
                                + snippet(response.body());
        if (status == 401 && token == null && !message.contains("SLIPWAY_TOKEN")) {
            message += " (no token given: use --token, SLIPWAY_TOKEN or SLIPWAY_DATA_DIR)";
        }
        String code =
                body != null && body.path("code").isTextual() ? body.get("code").asText() : null;
        return new ApiException(status, message, code, body);
    }

    private JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine);
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }

    private <T> T convert(String body, Class<T> type) {
        if (type == Void.class) {
            return null;
        }
        if (type == String.class) {
            return type.cast(body);
        }
        try {
            return json.readValue(body == null || body.isBlank() ? "null" : body, type);
        } catch (JsonProcessingException unexpected) {
            throw new ApiException(
                    ApiException.NO_ANSWER,
                    "the server's answer is not the expected "
                            + type.getSimpleName()
                            + " JSON ("
                            + unexpected.getOriginalMessage()
                            + ")");
        }
    }
}
