package dev.slipway.server.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.server.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous invocations over HTTP as a SageMaker caller makes them: accepted with 202, run from
 * the durable queue, retried, expired, notified by signed webhooks, and from an endpoint scaled to
 * zero.
 */
class AsyncInvocationIT {
    static final String ECHO_ROW =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}";

    @TempDir Path dataDir;

    @Test
    void anAcceptedInvocationRunsAndItsResultIsStoredAndServed() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
            byte[] csv =
                    Files.readAllBytes(
                            TestServer.EXAMPLES.resolve("breast-cancer-xgboost/rows.csv"));
            TestServer.Response realTime =
                    server.post("/endpoints/cancer/invocations", "text/csv", csv);

            TestServer.Response accepted =
                    server.send(
                            server.request("/endpoints/cancer/async-invocations")
                                    .header("content-type", "text/csv")
                                    .header("X-Amzn-SageMaker-Inference-Id", "batch-7")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                                    .build());

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().get("InferenceId").asText();
            assertThat(accepted.json().get("OutputLocation").asText())
                    .isEqualTo("slipway://async/" + id + "/output");
            assertThat(accepted.headers().firstValue("x-amzn-sagemaker-outputlocation"))
                    .hasValue("slipway://async/" + id + "/output");
            assertThat(accepted.headers().firstValue("x-amzn-sagemaker-failurelocation"))
                    .hasValue("slipway://async/" + id + "/failure");
            JsonNode done = awaitFinal(server, id);
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("attempts").asInt()).isEqualTo(1);
            assertThat(done.get("inferenceId").asText()).isEqualTo("batch-7");
            assertThat(done.get("result")).isEqualTo(realTime.json());
            TestServer.Response output = server.get("/api/v1/async/" + id + "/output");
            assertThat(output.json()).isEqualTo(realTime.json());
            assertThat(output.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(server.get("/api/v1/async/" + id + "/failure").status()).isEqualTo(404);
            JsonNode list = server.get("/api/v1/async?endpoint=cancer&status=succeeded").json();
            assertThat(list.get("invocations").get(0).get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void theInputCanBeAnObjectOfTheArtifactStore() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
            String sha256 =
                    server.upload(TestServer.EXAMPLES.resolve("breast-cancer-xgboost/rows.csv"));

            TestServer.Response accepted =
                    post(
                            server,
                            "cancer",
                            "",
                            Map.of(
                                    "X-Amzn-SageMaker-InputLocation",
                                    "sha256:" + sha256,
                                    "content-type",
                                    "text/csv",
                                    "accept",
                                    "text/csv"));

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            JsonNode done = awaitFinal(server, accepted.json().get("InferenceId").asText());
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("input").asText()).isEqualTo("sha256:" + sha256);
            assertThat(done.get("outputContentType").asText()).isEqualTo("text/csv");
            assertThat(done.get("result").asText().lines()).hasSize(3);
        }
    }

    @Test
    void badSubmissionsAreRefusedWithTheReasonAndNothingIsQueued() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("echo", 1.0, -1, 0);
            server.post(
                    "/api/v1/endpoints", "{\"name\":\"echo\",\"model\":\"echo:" + version + "\"}");

            assertRefused(
                    post(server, "nope", ECHO_ROW, Map.of()),
                    404,
                    "endpoint 'nope' does not exist");
            assertRefused(post(server, "echo", "", Map.of()), 400, "the request body is empty");
            assertRefused(
                    post(
                            server,
                            "echo",
                            ECHO_ROW,
                            Map.of("X-Amzn-SageMaker-InputLocation", "sha256:" + "a".repeat(64))),
                    400,
                    "either in the body or by X-Amzn-SageMaker-InputLocation, not both");
            assertRefused(
                    post(
                            server,
                            "echo",
                            "",
                            Map.of("X-Amzn-SageMaker-InputLocation", "s3://bucket/key")),
                    400,
                    "X-Amzn-SageMaker-InputLocation must name an object of Slipway's artifact store");
            assertRefused(
                    post(
                            server,
                            "echo",
                            "",
                            Map.of("X-Amzn-SageMaker-InputLocation", "sha256:" + "b".repeat(64))),
                    404,
                    "no stored object sha256:bbbb");
            assertRefused(
                    post(
                            server,
                            "echo",
                            ECHO_ROW,
                            Map.of("X-Amzn-SageMaker-RequestTTLSeconds", "soon")),
                    400,
                    "X-Amzn-SageMaker-RequestTTLSeconds must be a whole number of seconds");
            assertRefused(
                    post(
                            server,
                            "echo",
                            ECHO_ROW,
                            Map.of("X-Amzn-SageMaker-InvocationTimeoutSeconds", "7200")),
                    400,
                    "X-Amzn-SageMaker-InvocationTimeoutSeconds must be between 1 and 3600, got 7200");
            assertThat(server.get("/api/v1/async").json().get("invocations")).isEmpty();
            assertThat(server.get("/api/v1/async/" + "0".repeat(36)).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/async?status=lost").status()).isEqualTo(400);
        }
    }

    @Test
    void aPayloadTheModelRejectsFailsAtOnceAndAFailingModelIsRetriedWithBackoff() {
        try (TestServer server = TestServer.start(dataDir)) {
            // One prediction (the warm-up) succeeds, every later one fails as a broken model would.
            int version = server.registerEcho("flaky", 1.0, 1, 0);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"flaky\",\"model\":\"flaky:"
                            + version
                            + "\",\"async\":{\"maxAttempts\":2}}");
            server.awaitServing("flaky", version);

            String bad =
                    post(
                                    server,
                                    "flaky",
                                    "{\"inputs\":[{\"name\":\"nope\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}",
                                    Map.of())
                            .json()
                            .get("InferenceId")
                            .asText();
            String failing =
                    post(server, "flaky", ECHO_ROW, Map.of()).json().get("InferenceId").asText();

            JsonNode rejected = awaitFinal(server, bad);
            assertThat(rejected.get("status").asText()).isEqualTo("failed");
            assertThat(rejected.get("attempts").asInt()).isEqualTo(1);
            assertThat(rejected.get("error").asText()).contains("nope");
            JsonNode failed = awaitFinal(server, failing);
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("attempts").asInt()).isEqualTo(2);
            assertThat(failed.get("error").asText())
                    .contains("test-echo was told to fail")
                    .endsWith("(after 2 attempts)");
            // The second attempt waited for the first retry's backoff (1 s).
            assertThat(
                            Duration.between(
                                    Instant.parse(failed.get("createdAt").asText()),
                                    Instant.parse(failed.get("completedAt").asText())))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            JsonNode record = server.get("/api/v1/async/" + failing + "/failure").json();
            assertThat(record.get("error").asText()).isEqualTo(failed.get("error").asText());
            assertThat(server.get("/api/v1/async/" + failing + "/output").status()).isEqualTo(404);
        }
    }

    @Test
    void anInvocationWaitingPastItsTimeToLiveExpiresUnrun() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("slow", 1.0, -1, 2000);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:"
                            + version
                            + "\",\"resources\":{\"cores\":1}}");
            server.awaitServing("slow", version);

            String first =
                    post(server, "slow", ECHO_ROW, Map.of()).json().get("InferenceId").asText();
            String waiting =
                    post(
                                    server,
                                    "slow",
                                    ECHO_ROW,
                                    Map.of("X-Amzn-SageMaker-RequestTTLSeconds", "1"))
                            .json()
                            .get("InferenceId")
                            .asText();

            JsonNode expired = awaitFinal(server, waiting);
            assertThat(expired.get("status").asText()).isEqualTo("expired");
            assertThat(expired.get("attempts").asInt()).isZero();
            assertThat(expired.get("error").asText()).contains("time to live 1s");
            assertThat(
                            server.get("/api/v1/async/" + waiting + "/failure")
                                    .json()
                                    .get("error")
                                    .asText())
                    .contains("expired");
            assertThat(awaitFinal(server, first).get("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void eachCopyRunsAtMostItsConcurrencyOfInvocationsAtOnce() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("slow", 1.0, -1, 150);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:"
                            + version
                            + "\",\"resources\":{\"cores\":2},\"async\":{\"maxConcurrentPerCopy\":1}}");
            server.awaitServing("slow", version);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(
                        post(server, "slow", ECHO_ROW, Map.of())
                                .json()
                                .get("InferenceId")
                                .asText());
            }

            List<JsonNode> done = ids.stream().map(id -> awaitFinal(server, id)).toList();
            List<JsonNode> byStart =
                    done.stream()
                            .sorted(
                                    Comparator.comparing(
                                            node -> Instant.parse(node.get("startedAt").asText())))
                            .toList();
            for (int i = 1; i < byStart.size(); i++) {
                assertThat(Instant.parse(byStart.get(i).get("startedAt").asText()))
                        .isAfterOrEqualTo(
                                Instant.parse(byStart.get(i - 1).get("completedAt").asText()));
            }
        }
    }

    @Test
    void webhooksAreSignedSentForSuccessAndErrorAndRetriedUntilTheReceiverAccepts()
            throws Exception {
        List<Map.Entry<String, String>> received = new CopyOnWriteArrayList<>();
        AtomicInteger refuseFirst = new AtomicInteger(1);
        String secret = "webhook-secret-0123456789";
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String timestamp = exchange.getRequestHeaders().getFirst("X-Slipway-Timestamp");
                    String signature = exchange.getRequestHeaders().getFirst("X-Slipway-Signature");
                    boolean valid =
                            ("sha256=" + HttpWebhookSender.sign(secret, timestamp, body))
                                    .equals(signature);
                    int status = refuseFirst.getAndDecrement() > 0 ? 503 : valid ? 200 : 401;
                    if (status == 200) {
                        received.add(
                                Map.entry(
                                        exchange.getRequestURI().getPath(),
                                        new String(body, StandardCharsets.UTF_8)));
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        receiver.start();
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("echo", 3.0, -1, 0);
            TestServer.Response created =
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"echo\",\"model\":\"echo:"
                                    + version
                                    + "\",\"async\":{\"notifications\":{\"onSuccess\":\""
                                    + hooks
                                    + "/ok\",\"onError\":\""
                                    + hooks
                                    + "/error\",\"secret\":\""
                                    + secret
                                    + "\"}}}");
            assertThat(
                            created.json()
                                    .get("async")
                                    .get("notifications")
                                    .get("secretSet")
                                    .asBoolean())
                    .isTrue();
            assertThat(created.body()).doesNotContain(secret);
            server.awaitServing("echo", version);

            String ok = post(server, "echo", ECHO_ROW, Map.of()).json().get("InferenceId").asText();
            String bad =
                    post(server, "echo", "{\"inputs\":[]}", Map.of())
                            .json()
                            .get("InferenceId")
                            .asText();

            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
            assertThat(received)
                    .anySatisfy(
                            call -> {
                                assertThat(call.getKey()).isEqualTo("/ok");
                                assertThat(call.getValue()).contains(ok).contains("\"succeeded\"");
                            })
                    .anySatisfy(
                            call -> {
                                assertThat(call.getKey()).isEqualTo("/error");
                                assertThat(call.getValue()).contains(bad).contains("\"failed\"");
                            });
            // The receiver refused the first call; that one was delivered on its second attempt.
            int attempts =
                    awaitFinal(server, ok).get("notification").get("attempts").asInt()
                            + awaitFinal(server, bad).get("notification").get("attempts").asInt();
            assertThat(attempts).isEqualTo(3);
            assertThat(awaitFinal(server, ok).get("notification").get("status").asText())
                    .isEqualTo("sent");

            assertThat(
                            server.patch(
                                            "/api/v1/endpoints/echo",
                                            "{\"async\":{\"notifications\":{\"onSuccess\":\"ftp://x/\",\"secret\":\""
                                                    + secret
                                                    + "\"}}}")
                                    .json()
                                    .get("error")
                                    .asText())
                    .contains("async.notifications.onSuccess must be an http(s) URL");
            assertThat(
                            server.patch(
                                            "/api/v1/endpoints/echo",
                                            "{\"async\":{\"notifications\":{\"onSuccess\":\"http://x/\",\"secret\":\"short\"}}}")
                                    .json()
                                    .get("error")
                                    .asText())
                    .contains("secret must have at least 16 characters");
            assertThat(
                            server.patch(
                                            "/api/v1/endpoints/echo",
                                            "{\"async\":{\"notifications\":null}}")
                                    .json()
                                    .get("async")
                                    .get("notifications")
                                    .isNull())
                    .isTrue();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aBacklogBringsUpACopyOfAnEndpointScaledToZero() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("idle", 2.0, -1, 0);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"idle\",\"model\":\"idle:" + version + "\",\"copies\":0}");
            await().until(
                            () ->
                                    server.get("/api/v1/endpoints/idle")
                                            .json()
                                            .get("status")
                                            .get("state")
                                            .asText()
                                            .equals("stopped"));

            String id = post(server, "idle", ECHO_ROW, Map.of()).json().get("InferenceId").asText();

            JsonNode done = awaitFinal(server, id);
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("result").get("outputs").get(0).get("data").toString())
                    .isEqualTo("[2.0,4.0]");
            assertThat(
                            server.get("/api/v1/endpoints/idle")
                                    .json()
                                    .get("status")
                                    .get("readyCopies")
                                    .asInt())
                    .isEqualTo(1);
        }
    }

    static TestServer.Response post(
            TestServer server, String endpoint, String body, Map<String, String> headers) {
        HttpRequest.Builder request =
                server.request("/endpoints/" + endpoint + "/async-invocations")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("content-type")) {
            request.header("content-type", "application/json");
        }
        headers.forEach(request::header);
        return server.send(request.build());
    }

    static JsonNode awaitFinal(TestServer server, String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                List.of("succeeded", "failed", "expired")
                                        .contains(
                                                server.get("/api/v1/async/" + id)
                                                        .json()
                                                        .get("status")
                                                        .asText()));
        return server.get("/api/v1/async/" + id).json();
    }

    private static void assertRefused(TestServer.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).contains(message);
    }
}
