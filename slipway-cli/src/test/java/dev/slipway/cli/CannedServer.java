package dev.slipway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test double of a remote Slipway server: a real JDK HTTP server on a loopback port that answers
 * each {@code METHOD path} with canned answers and records every request it receives. Several
 * answers for one route are given in turn, the last one repeating (for polling). A route without an
 * answer gets a 404 in the API's error shape. Thread-safe: all state is guarded by {@code this}.
 */
public final class CannedServer implements AutoCloseable {

    /** A request as received; header names are lower case; {@code query} is null without one. */
    public record Request(
            String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    private CannedServer(HttpServer server) {
        this.server = server;
    }

    public static CannedServer start() {
        try {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CannedServer canned = new CannedServer(server);
            server.createContext("/", canned::handle);
            server.start();
            return canned;
        } catch (IOException cannotBind) {
            throw new IllegalStateException("cannot start the canned server", cannotBind);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds an answer for {@code METHOD path}; a null body sends none. */
    public synchronized CannedServer answer(String method, String path, int status, String body) {
        answers.computeIfAbsent(method + " " + path, route -> new ArrayDeque<>())
                .add(new Answer(status, body));
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** {@code METHOD path} of every request, in order. */
    public synchronized List<String> routes() {
        return requests.stream().map(request -> request.method() + " " + request.path()).toList();
    }

    public synchronized Request only(String method, String path) {
        List<Request> matching =
                requests.stream()
                        .filter(r -> r.method().equals(method) && r.path().equals(path))
                        .toList();
        if (matching.size() != 1) {
            throw new AssertionError(
                    "expected one " + method + " " + path + " but got " + routes());
        }
        return matching.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach(
                            (name, values) ->
                                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            Answer answer;
            synchronized (this) {
                requests.add(
                        new Request(
                                method,
                                path,
                                exchange.getRequestURI().getRawQuery(),
                                Map.copyOf(headers),
                                body));
                Deque<Answer> queue = answers.get(method + " " + path);
                if (queue == null || queue.isEmpty()) {
                    answer =
                            new Answer(
                                    404,
                                    "{\"error\": \"no canned answer for "
                                            + method
                                            + " "
                                            + path
                                            + "\", \"code\": \"NOT_FOUND\"}");
                } else {
                    answer = queue.size() > 1 ? queue.poll() : queue.peek();
                }
            }
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
