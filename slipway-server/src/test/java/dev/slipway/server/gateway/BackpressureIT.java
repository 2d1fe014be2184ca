package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy's bounded queue and the endpoint's deadline, seen by callers: a full queue answers 429
 * with Retry-After at once instead of waiting, and a request past its deadline answers 504.
 */
class BackpressureIT {
    static final String BODY =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}";

    @TempDir Path dataDir;

    @Test
    void aFullQueueAnswers429WithRetryAfterAndTheServerRecovers() {
        try (TestServer server =
                TestServer.start(TestServer.config(dataDir).withMaxQueuePerCopy(1))) {
            int version = server.registerEcho("slow", 1.0, -1, 400);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:" + version + "\",\"timeout\":\"30s\"}");
            server.awaitServing("slow", version);

            List<CompletableFuture<TestServer.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(
                        CompletableFuture.supplyAsync(
                                () -> server.post("/v2/models/slow/infer", BODY)));
            }
            List<TestServer.Response> answers =
                    calls.stream().map(CompletableFuture::join).toList();

            List<TestServer.Response> refused =
                    answers.stream().filter(answer -> answer.status() == 429).toList();
            assertThat(refused).isNotEmpty();
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 429));
            assertThat(refused.getFirst().headers().firstValue("retry-after")).hasValue("1");
            assertThat(refused.getFirst().json().get("error").asText())
                    .contains("request queue is full");
            assertThat(server.post("/v2/models/slow/infer", BODY).status()).isEqualTo(200);
        }
    }

    @Test
    void theEndpointsOwnMaxQueueOverridesTheServerDefault() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("slow", 1.0, -1, 400);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:"
                            + version
                            + "\",\"timeout\":\"30s\",\"maxQueue\":1,\"resources\":{\"cores\":1}}");
            server.awaitServing("slow", version);

            List<CompletableFuture<TestServer.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(
                        CompletableFuture.supplyAsync(
                                () -> server.post("/v2/models/slow/infer", BODY)));
            }
            List<TestServer.Response> answers =
                    calls.stream().map(CompletableFuture::join).toList();

            long refused = answers.stream().filter(answer -> answer.status() == 429).count();
            assertThat(refused).isPositive();
            assertThat(
                            BatchingIT.metric(
                                    server.get("/metrics").body(),
                                    "slipway_queue_rejected_total",
                                    "slow"))
                    .isEqualTo(refused);
        }
    }

    @Test
    void aRequestWhoseDeadlinePassesWhileQueuedIsDroppedUnrun() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("slow", 1.0, -1, 300);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:"
                            + version
                            + "\",\"timeout\":\"100ms\",\"resources\":{\"cores\":1}}");
            server.awaitServing("slow", version);

            List<CompletableFuture<TestServer.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(
                        CompletableFuture.supplyAsync(
                                () -> server.post("/v2/models/slow/infer", BODY)));
            }
            assertThat(calls.stream().map(CompletableFuture::join))
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(504));

            // One call ran (and overran); the requests queued behind it expired there unrun. The
            // queued ones expire at their deadline, the running one is counted when it finishes.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(
                            () -> {
                                String body = server.get("/metrics").body();
                                return BatchingIT.metric(
                                                        body, "slipway_queue_expired_total", "slow")
                                                + BatchingIT.metric(
                                                        body, "slipway_batch_rows_count", "slow")
                                        >= 3;
                            });
            String metrics = server.get("/metrics").body();
            double expired = BatchingIT.metric(metrics, "slipway_queue_expired_total", "slow");
            double ran = BatchingIT.metric(metrics, "slipway_batch_rows_count", "slow");
            assertThat(expired + ran).isEqualTo(3);
            assertThat(ran).isLessThan(3);
        }
    }

    @Test
    void aRequestPastTheEndpointTimeoutAnswers504() {
        try (TestServer server = TestServer.start(dataDir)) {
            int version = server.registerEcho("slow", 1.0, -1, 500);
            server.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"slow\",\"model\":\"slow:" + version + "\",\"timeout\":\"100ms\"}");
            server.awaitServing("slow", version);

            TestServer.Response answer = server.post("/v2/models/slow/infer", BODY);

            assertThat(answer.status()).isEqualTo(504);
            assertThat(answer.json().get("error").asText())
                    .contains("did not answer within its timeout");
            String metrics = server.get("/metrics").body();
            assertThat(metrics)
                    .containsPattern(
                            "slipway_request_errors_total\\{endpoint=\"slow\",protocol=\"oip\"} [1-9]");
        }
    }
}
