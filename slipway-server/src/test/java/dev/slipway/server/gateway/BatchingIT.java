package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic batching seen by callers: concurrent requests are merged into fewer runtime calls, and
 * each caller still gets exactly the predictions of its own rows, for the real example models too.
 */
class BatchingIT {
    @TempDir Path dataDir;

    @Test
    void concurrentRequestsAreMergedAndEachCallerGetsItsOwnRows() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("echo", 2.0, -1, 100);
            TestServer.Response created =
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"echo\",\"model\":\"echo:"
                                    + version
                                    + "\",\"resources\":{\"cores\":1},"
                                    + "\"batching\":{\"maxBatchSize\":16,\"maxDelay\":\"20ms\"}}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("batching").get("maxBatchSize").asInt()).isEqualTo(16);
            assertThat(created.json().get("batching").get("maxDelay").asText()).isEqualTo("20ms");
            server.awaitServing("echo", version);

            int calls = 12;
            List<CompletableFuture<TestServer.Response>> answers = new ArrayList<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(calls)) {
                for (int i = 0; i < calls; i++) {
                    String body =
                            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],"
                                    + "\"data\":["
                                    + i
                                    + ","
                                    + (i + 0.5)
                                    + "]}]}";
                    answers.add(
                            CompletableFuture.supplyAsync(
                                    () -> server.post("/v2/models/echo/infer", body), callers));
                }
            }

            for (int i = 0; i < calls; i++) {
                TestServer.Response answer = answers.get(i).join();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                JsonNode data = answer.json().get("outputs").get(0).get("data");
                assertThat(data.get(0).asDouble()).isEqualTo(2.0 * i);
                assertThat(data.get(1).asDouble()).isEqualTo(2.0 * (i + 0.5));
            }
            String metrics = server.get("/metrics").body();
            assertThat(metric(metrics, "slipway_batch_rows_sum", "echo")).isEqualTo(12);
            // Fewer runtime calls than requests: requests queued behind a 100 ms call were merged.
            assertThat(metric(metrics, "slipway_batch_rows_count", "echo")).isLessThan(12);
            assertThat(metric(metrics, "slipway_queue_wait_seconds_count", "echo")).isEqualTo(12);
            assertThat(metrics).contains("slipway_queue_depth{endpoint=\"echo\"} 0");
        }
    }

    @Test
    void mergedRequestsGetTheSamePredictionsAsAloneForTheExampleModels() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
            server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
            for (String endpoint : List.of("cancer", "wine")) {
                assertThat(
                                server.patch(
                                                "/api/v1/endpoints/" + endpoint,
                                                "{\"batching\":{\"maxBatchSize\":32,\"maxDelay\":\"5ms\"}}")
                                        .status())
                        .isEqualTo(200);
            }
            assertSameAsAlone(server, "cancer", 30, 0.0);
            assertSameAsAlone(server, "wine", 13, 1e-5);
        }
    }

    /** Sends 40 requests of 1–3 rows alone, then all at once, and compares the answers. */
    private static void assertSameAsAlone(
            TestServer server, String endpoint, int features, double tolerance) throws Exception {
        Random random = new Random(7);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int rows = 1 + random.nextInt(3);
            StringBuilder data = new StringBuilder();
            for (int v = 0; v < rows * features; v++) {
                data.append(v == 0 ? "" : ",").append(random.nextInt(2000) / 10.0);
            }
            bodies.add(
                    "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":["
                            + rows
                            + ","
                            + features
                            + "],\"data\":["
                            + data
                            + "]}]}");
        }
        String path = "/v2/models/" + endpoint + "/infer";
        List<JsonNode> alone = new ArrayList<>();
        // Twice: past the 64 quick calls after which concurrent requests gather on the event loop
        // that read them and run there as one call (ADR 13), as they do below for ONNX.
        for (int pass = 0; pass < 2; pass++) {
            alone.clear();
            for (String body : bodies) {
                alone.add(server.post(path, body).json().get("outputs"));
            }
        }
        List<CompletableFuture<TestServer.Response>> together = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
            for (String body : bodies) {
                together.add(CompletableFuture.supplyAsync(() -> server.post(path, body), callers));
            }
        }
        for (int i = 0; i < bodies.size(); i++) {
            TestServer.Response answer = together.get(i).join();
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode outputs = answer.json().get("outputs");
            assertThat(outputs.size()).isEqualTo(alone.get(i).size());
            for (int o = 0; o < outputs.size(); o++) {
                JsonNode expected = alone.get(i).get(o);
                JsonNode actual = outputs.get(o);
                assertThat(actual.get("shape")).isEqualTo(expected.get("shape"));
                for (int v = 0; v < expected.get("data").size(); v++) {
                    assertThat(actual.get("data").get(v).asDouble())
                            .isCloseTo(expected.get("data").get(v).asDouble(), within(tolerance));
                }
            }
        }
    }

    @Test
    void aRequestOverTheEndpointsRowLimitIsRefusedWith413() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("echo", 1.0, -1, 0);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"echo\",\"model\":\"echo:" + version + "\",\"maxRows\":2}");
            server.awaitServing("echo", version);

            TestServer.Response tooMany =
                    server.post(
                            "/v2/models/echo/infer",
                            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3,2],"
                                    + "\"data\":[1,2,3,4,5,6]}]}");
            TestServer.Response csv =
                    server.post(
                            "/endpoints/echo/invocations",
                            "text/csv",
                            "1,2\n3,4\n5,6\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            assertThat(tooMany.status()).isEqualTo(413);
            assertThat(tooMany.json().get("error").asText())
                    .isEqualTo(
                            "input 'x' has 3 rows; endpoint 'echo' accepts at most 2 rows per"
                                    + " request (maxRows)");
            assertThat(csv.status()).isEqualTo(413);
            assertThat(
                            server.post(
                                            "/v2/models/echo/infer",
                                            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\","
                                                    + "\"shape\":[2,2],\"data\":[1,2,3,4]}]}")
                                    .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void queueSettingsAreValidatedShownAndKeptAcrossARestart() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("echo", 1.0, -1, 0);
            String create = "{\"name\":\"echo\",\"model\":\"echo:" + version + "\",";
            assertRefused(
                    server.post("/api/v1/endpoints", create + "\"batching\":{\"maxBatchSize\":0}}"),
                    "batching.maxBatchSize must be between 1 and 4096, got 0");
            assertRefused(
                    server.post(
                            "/api/v1/endpoints", create + "\"batching\":{\"maxDelay\":\"5s\"}}"),
                    "batching.maxDelay must be between 0ms and 1s, got 5s");
            assertRefused(
                    server.post("/api/v1/endpoints", create + "\"batching\":32}"),
                    "batching must be an object");
            assertRefused(
                    server.post("/api/v1/endpoints", create + "\"maxQueue\":-1}"),
                    "maxQueue must be at least 1 (null resets it), got -1");
            assertRefused(
                    server.post("/api/v1/endpoints", create + "\"maxRows\":\"many\"}"),
                    "maxRows must be an integer");
            assertThat(server.get("/api/v1/endpoints/echo").status()).isEqualTo(404);

            assertThat(
                            server.post(
                                            "/api/v1/endpoints",
                                            create
                                                    + "\"maxQueue\":64,\"maxRows\":100,"
                                                    + "\"batching\":{\"maxBatchSize\":8,\"maxDelay\":\"2ms\"}}")
                                    .status())
                    .isEqualTo(201);
            TestServer.Response patched =
                    server.patch("/api/v1/endpoints/echo", "{\"batching\":{\"maxBatchSize\":4}}");
            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().get("batching").toString())
                    .isEqualTo("{\"maxBatchSize\":4,\"maxDelay\":\"2ms\"}");

            server.restart();

            JsonNode endpoint = server.get("/api/v1/endpoints/echo").json();
            assertThat(endpoint.get("maxQueue").asInt()).isEqualTo(64);
            assertThat(endpoint.get("maxRows").asInt()).isEqualTo(100);
            assertThat(endpoint.get("batching").toString())
                    .isEqualTo("{\"maxBatchSize\":4,\"maxDelay\":\"2ms\"}");
            JsonNode reset =
                    server.patch("/api/v1/endpoints/echo", "{\"maxQueue\":null,\"maxRows\":null}")
                            .json();
            assertThat(reset.get("maxQueue").isNull()).isTrue();
            assertThat(reset.get("maxRows").isNull()).isTrue();
        }
    }

    private static void assertRefused(TestServer.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).contains(message);
    }

    /** The value of a metric line with the endpoint label. */
    static double metric(String metrics, String name, String endpoint) {
        Matcher matcher =
                Pattern.compile(
                                "(?m)^"
                                        + Pattern.quote(name)
                                        + "\\{endpoint=\""
                                        + Pattern.quote(endpoint)
                                        + "\"[^}]*} (\\S+)$")
                        .matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError(name + " for " + endpoint + " not in:\n" + metrics);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
