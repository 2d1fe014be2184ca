package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow rollouts end to end: mirrored pairs are captured and analysed, an equivalent candidate is
 * promoted by itself, a different one is rejected with the numbers, and callers only ever see the
 * primary's answers.
 */
class ShadowRolloutIT {
    private static final String SHADOW =
            "\"strategy\":\"shadow\",\"mirrorPercent\":100,"
                    + "\"analysis\":{\"minPairs\":40,\"maxKsStatistic\":0.2,\"maxMeanAbsDiff\":0.000001}";

    @TempDir Path dataDir;

    private static TestServer serving(Path dataDir) {
        TestServer server = TestServer.start(dataDir);
        int v1 = server.registerEcho("echo", 1.0, -1, 0);
        server.post("/api/v1/endpoints", "{\"name\":\"echo\",\"model\":\"echo:" + v1 + "\"}");
        server.awaitServing("echo", v1);
        return server;
    }

    /**
     * Sends requests with varied inputs until the rollout leaves the phase; checks every answer.
     */
    private static int trafficUntilPhaseChanges(TestServer server, long id, String phase) {
        Random random = new Random(42);
        int sent = 0;
        while (server.get("/api/v1/rollouts/" + id).json().get("phase").asText().equals(phase)
                && sent < 2000) {
            for (int i = 0; i < 10; i++) {
                float a = random.nextFloat() * 10;
                float b = random.nextFloat() * 10;
                JsonNode answer =
                        server.post(
                                        "/v2/models/echo/infer",
                                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":["
                                                + a
                                                + ","
                                                + b
                                                + "]}]}")
                                .json();
                // While mirroring, the caller gets the primary's answer, never the shadow's; a
                // version 2 answer is only allowed once the rollout promoted it.
                if (!answer.get("model_version").asText().equals("1")) {
                    // The endpoint is written just before the rollout row, so the phase follows.
                    org.awaitility.Awaitility.await()
                            .atMost(java.time.Duration.ofSeconds(10))
                            .until(
                                    () ->
                                            List.of(
                                                            "promoting",
                                                            "keeping_previous",
                                                            "completed",
                                                            "baking")
                                                    .contains(
                                                            server.get("/api/v1/rollouts/" + id)
                                                                    .json()
                                                                    .get("phase")
                                                                    .asText()));
                    return sent;
                }
                assertThat(answer.at("/outputs/0/data/0").floatValue()).isEqualTo(a);
                sent++;
            }
        }
        return sent;
    }

    private static long startShadow(TestServer server, String extra) {
        TestServer.Response started =
                server.post(
                        "/api/v1/endpoints/echo/rollouts",
                        "{\"model\":\"echo:2\"," + SHADOW + extra + "}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    @Test
    void anEquivalentCandidateIsApprovedByTheAnalysisAndPromoted() throws Exception {
        try (TestServer server = serving(dataDir)) {
            server.registerEcho("echo", 1.0, -1, 0);
            long id = startShadow(server, ",\"then\":{\"strategy\":\"expedited\"}");
            server.awaitRolloutPhase(id, "mirroring");

            trafficUntilPhaseChanges(server, id, "mirroring");
            JsonNode rollout = server.awaitRolloutEnd(id);

            assertThat(rollout.get("phase").asText()).as(rollout.toString()).isEqualTo("completed");
            JsonNode analysis = rollout.get("analysis");
            assertThat(analysis.get("verdict").asText()).isEqualTo("passed");
            assertThat(analysis.get("pairs").asLong()).isGreaterThanOrEqualTo(40);
            JsonNode output = analysis.get("outputs").get(0);
            assertThat(output.get("output").asText()).isEqualTo("y");
            assertThat(output.get("ksStatistic").asDouble()).isZero();
            assertThat(output.get("meanAbsDiff").asDouble()).isZero();
            assertThat(rollout.get("events").findValuesAsText("type"))
                    .containsSubsequence(
                            "rollout.mirroring",
                            "rollout.analysis-passed",
                            "rollout.promoted",
                            "rollout.completed");
            assertThat(server.get("/api/v1/endpoints/echo").json().at("/model/version").asInt())
                    .isEqualTo(2);
            List<String> captured =
                    Files.readAllLines(
                            dataDir.resolve("artifacts/captures/rollout-" + id + ".jsonl"));
            assertThat(captured).hasSizeGreaterThanOrEqualTo(40);
            JsonNode line = server.json(captured.getFirst());
            assertThat(line.at("/request/inputs/0/name").asText()).isEqualTo("x");
            assertThat(line.at("/primary/version").asText()).isEqualTo("echo:1");
            assertThat(line.at("/candidate/version").asText()).isEqualTo("echo:2");
            assertThat(line.at("/primary/nanos").asLong()).isPositive();
            assertThat(line.at("/candidate/outputs/0/data"))
                    .isEqualTo(line.at("/primary/outputs/0/data"));
        }
    }

    @Test
    void aDifferentCandidateIsRejectedWithTheNumbers() {
        try (TestServer server = serving(dataDir)) {
            server.registerEcho("echo", 1.5, -1, 0);
            long id = startShadow(server, "");
            server.awaitRolloutPhase(id, "mirroring");

            trafficUntilPhaseChanges(server, id, "mirroring");
            JsonNode rollout = server.awaitRolloutEnd(id);

            assertThat(rollout.get("phase").asText()).isEqualTo("rejected");
            assertThat(rollout.get("reason").asText())
                    .startsWith("not equivalent: ")
                    .contains("output 'y'")
                    .contains("KS statistic")
                    .contains("mean absolute difference");
            assertThat(rollout.at("/analysis/verdict").asText()).isEqualTo("failed");
            assertThat(rollout.at("/analysis/outputs/0/ksStatistic").asDouble()).isGreaterThan(0.2);
            JsonNode endpoint = server.get("/api/v1/endpoints/echo").json();
            assertThat(endpoint.at("/model/version").asInt()).isEqualTo(1);
            assertThat(endpoint.at("/traffic/candidate").isNull()).isTrue();
        }
    }

    @Test
    void aFailingOrSlowShadowNeverReachesTheCaller() {
        try (TestServer server = serving(dataDir)) {
            server.registerEcho("echo", 1.0, 3, 300); // slow, then failing
            long id = startShadow(server, "");
            server.awaitRolloutPhase(id, "mirroring");

            int sent = trafficUntilPhaseChanges(server, id, "mirroring");
            JsonNode rollout = server.awaitRolloutEnd(id);

            assertThat(sent).isPositive();
            assertThat(rollout.get("phase").asText()).isEqualTo("rejected");
            assertThat(rollout.get("reason").asText()).contains("candidate failed");
        }
    }

    @Test
    void manualApprovalWaitsAfterAPassingAnalysisThenFollowsUpGradually() throws Exception {
        try (TestServer server = serving(dataDir);
                SteadyLoad load = new SteadyLoad(server, "echo", RolloutIT.BODY, 1)) {
            server.registerEcho("echo", 1.0, -1, 0);
            long id =
                    startShadow(
                            server,
                            ",\"approval\":\"manual\",\"then\":{\"strategy\":\"gradual\",\"steps\":[50,100],"
                                    + "\"bake\":\"0s\",\"guardrails\":{\"minRequests\":5}}");
            server.awaitRolloutPhase(id, "mirroring");
            trafficUntilPhaseChanges(server, id, "mirroring");

            JsonNode waiting = server.awaitRolloutPhase(id, "awaiting_approval");
            assertThat(waiting.at("/analysis/verdict").asText()).isEqualTo("passed");
            assertThat(server.post("/api/v1/rollouts/" + id + "/approve", "").status())
                    .isEqualTo(200);
            JsonNode rollout = server.awaitRolloutEnd(id);
            load.close();

            assertThat(rollout.get("phase").asText()).isEqualTo("completed");
            assertThat(rollout.get("events").findValuesAsText("message"))
                    .contains("50% of traffic to echo:2");
            assertThat(load.failures()).isEmpty();
        }
    }

    @Test
    void registeringWithARolloutStartsTheShadowInOneCall() {
        try (TestServer server = serving(dataDir)) {
            java.nio.file.Path artifact = dataDir.resolve("retrained.json");
            try {
                Files.writeString(
                        artifact,
                        "{\"scale\":1.0,\"failAfter\":-1,\"delayMs\":0,\"retrained\":true}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            var body =
                    server.json(
                            "{\"format\":\"test-echo\",\"rollout\":{\"endpoint\":\"echo\","
                                    + SHADOW
                                    + "}}");
            body.putObject("artifact").put("sha256", server.upload(artifact));

            TestServer.Response registered =
                    server.post("/api/v1/models/echo/versions", body.toString());

            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            assertThat(registered.json().get("version").asInt()).isEqualTo(2);
            long id = registered.json().at("/rollout/id").asLong();
            assertThat(registered.json().at("/rollout/strategy").asText()).isEqualTo("shadow");
            server.awaitRolloutPhase(id, "mirroring");
            trafficUntilPhaseChanges(server, id, "mirroring");
            assertThat(server.awaitRolloutEnd(id).get("phase").asText()).isEqualTo("completed");
        }
    }
}
