package dev.slipway.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Slipway server on a free loopback port with its own data directory, and a plain HTTP
 * client to talk to it the way a user would.
 */
public final class TestServer implements AutoCloseable {
    public static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    private final Path dataDir;

    /** Null when the server runs in another process. */
    private SlipwayServer server;

    private final String remoteUrl;
    private final String remoteToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status and body text. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private TestServer(Path dataDir, SlipwayServer server, String remoteUrl, String remoteToken) {
        this.dataDir = dataDir;
        this.server = server;
        this.remoteUrl = remoteUrl;
        this.remoteToken = remoteToken;
    }

    /** A client of a server running in another process. */
    public static TestServer remote(String url, String token, Path dataDir) {
        return new TestServer(dataDir, null, url, token);
    }

    public static TestServer start(Path dataDir) {
        return start(config(dataDir));
    }

    public static ServerConfig config(Path dataDir) {
        return ServerConfig.defaults()
                .withDataDir(dataDir)
                .withPort(0)
                .withNodeCapacity(64, 64L << 30);
    }

    public static TestServer start(ServerConfig config) {
        try {
            return new TestServer(config.dataDir(), SlipwayServer.start(config), null, null);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }

    /** Stops the server and starts a new one on the same data directory (and config). */
    public void restart() {
        ServerConfig config = server.config();
        server.close();
        try {
            server = SlipwayServer.start(config);
        } catch (Exception e) {
            throw new IllegalStateException("server did not restart", e);
        }
    }

    public SlipwayServer server() {
        return server;
    }

    public String url() {
        return server == null ? remoteUrl : server.baseUrl();
    }

    private String token() {
        return server == null ? remoteToken : server.adminToken();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Response post(String path, String json) {
        return send(
                request(path)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(
                request(path)
                        .header("content-type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    public Response put(String path, String json) {
        return send(
                request(path)
                        .header("content-type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    public Response patch(String path, String json) {
        return send(
                request(path)
                        .header("content-type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + token());
    }

    /** Uploads a file and returns its sha256. */
    public String upload(Path file) {
        try {
            Response response =
                    post("/api/v1/artifacts", "application/octet-stream", Files.readAllBytes(file));
            if (response.status() != 201) {
                throw new IllegalStateException("upload failed: " + response);
            }
            return response.json().get("sha256").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registration body for an example directory: artifact, format, signature, golden. */
    public ObjectNode registration(String example, String artifactFile, String format) {
        Path directory = EXAMPLES.resolve(example);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("artifact").put("sha256", upload(directory.resolve(artifactFile)));
        body.put("format", format);
        try {
            body.set("signature", Json.YAML.readTree(directory.resolve("signature.yaml").toFile()));
            body.set("golden", golden(directory.resolve("golden.jsonl")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body;
    }

    /**
     * Registers a version of the test-only {@code test-echo} runtime (see EchoRuntime): y = x *
     * scale, failing every prediction after {@code failAfter} (-1: never), sleeping {@code delayMs}
     * each. Returns the version number.
     */
    public int registerEcho(String model, double scale, long failAfter, long delayMs) {
        try {
            Path artifact = Files.createTempFile(dataDir, "echo-", ".json");
            Files.writeString(
                    artifact,
                    "{\"scale\":"
                            + scale
                            + ",\"failAfter\":"
                            + failAfter
                            + ",\"delayMs\":"
                            + delayMs
                            + ",\"nonce\":\""
                            + System.nanoTime()
                            + "\"}");
            ObjectNode body = json("{\"format\":\"test-echo\"}");
            body.putObject("artifact").put("sha256", upload(artifact));
            Response registered = post("/api/v1/models/" + model + "/versions", body.toString());
            if (registered.status() != 201) {
                throw new IllegalStateException("register failed: " + registered);
            }
            return registered.json().get("version").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the rollout has ended and returns it (with its events). */
    public JsonNode awaitRolloutEnd(long id) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !get("/api/v1/rollouts/" + id).json().get("active").asBoolean());
        return get("/api/v1/rollouts/" + id).json();
    }

    /** Waits until the batch job has ended and its last event is written; returns it. */
    public JsonNode awaitJobEnd(long id) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            JsonNode job = get("/api/v1/jobs/" + id).json();
                            String state = job.get("state").asText();
                            return java.util.List.of("succeeded", "failed", "cancelled")
                                            .contains(state)
                                    && job.get("events")
                                            .findValuesAsText("type")
                                            .contains("job." + state);
                        });
        return get("/api/v1/jobs/" + id).json();
    }

    /** Waits until the rollout is in the phase and returns it. */
    public JsonNode awaitRolloutPhase(long id, String phase) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            JsonNode rollout = get("/api/v1/rollouts/" + id).json();
                            if (!rollout.get("active").asBoolean()
                                    && !rollout.get("phase").asText().equals(phase)) {
                                throw new AssertionError(
                                        "rollout ended as "
                                                + rollout.get("phase")
                                                + " before "
                                                + phase
                                                + ": "
                                                + rollout);
                            }
                            return rollout.get("phase").asText().equals(phase);
                        });
        return get("/api/v1/rollouts/" + id).json();
    }

    /** Parses a JSON object literal, for request bodies written inline in tests. */
    public ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ArrayNode golden(Path jsonl) throws IOException {
        ArrayNode examples = Json.MAPPER.createArrayNode();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                examples.add(Json.MAPPER.readTree(line));
            }
        }
        return examples;
    }

    /** Registers an example and deploys it to an endpoint of the same name; waits until ready. */
    public int deployExample(String endpoint, String example, String artifactFile, String format) {
        return deploy(endpoint, registration(example, artifactFile, format));
    }

    /**
     * Registers a version of model {@code endpoint} from a registration body and deploys it to an
     * endpoint of the same name; waits until ready.
     */
    public int deploy(String endpoint, ObjectNode registration) {
        Response registered =
                post("/api/v1/models/" + endpoint + "/versions", registration.toString());
        if (registered.status() != 201) {
            throw new IllegalStateException("register failed: " + registered);
        }
        int version = registered.json().get("version").asInt();
        Response created =
                post(
                        "/api/v1/endpoints",
                        "{\"name\":\""
                                + endpoint
                                + "\",\"model\":\""
                                + endpoint
                                + ":"
                                + version
                                + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("endpoint create failed: " + created);
        }
        awaitServing(endpoint, version);
        return version;
    }

    public void awaitServing(String endpoint, int version) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            JsonNode status =
                                    get("/api/v1/endpoints/" + endpoint).json().path("status");
                            return status.path("state").asText().equals("ready")
                                    && status.path("servingVersion").asInt() == version;
                        });
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
