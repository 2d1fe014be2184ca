package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.ServerProcess;
import dev.slipway.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL in the middle of a rollout's stages; a new process on
 * the same data directory resumes each rollout from its persisted stage, the endpoint answers
 * throughout recovery, and the event log shows what happened.
 */
class RolloutCrashIT {
    @TempDir Path dataDir;
    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killNineDuringBakingMirroringApprovalAndKeepingPreviousResumesEachRollout()
            throws Exception {
        server = ServerProcess.start(dataDir, "rollout-crash-token-0123456789");
        TestServer client = server.client();
        int v1 = client.registerEcho("echo", 1.0, -1, 0);
        client.post("/api/v1/endpoints", "{\"name\":\"echo\",\"model\":\"echo:" + v1 + "\"}");
        client.awaitServing("echo", v1);

        // 1. Killed while a gradual step bakes: the step and its traffic split survive.
        client.registerEcho("echo", 1.0, -1, 0);
        long gradual =
                start(
                        client,
                        "{\"model\":\"echo:2\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"2s\","
                                + "\"guardrails\":{\"minRequests\":5}}");
        client.awaitRolloutPhase(gradual, "baking");
        killAndRestart(client);
        assertThat(client.get("/api/v1/rollouts/" + gradual).json().get("phase").asText())
                .isEqualTo("baking");
        servesThroughout(client, gradual);
        assertThat(client.awaitRolloutEnd(gradual).get("phase").asText()).isEqualTo("completed");

        // 2. Killed while mirroring: the captured pairs on disk still count after the restart.
        client.registerEcho("echo", 1.0, -1, 0);
        long shadow =
                start(
                        client,
                        "{\"model\":\"echo:3\",\"strategy\":\"shadow\",\"mirrorPercent\":100,"
                                + "\"analysis\":{\"minPairs\":60}}");
        client.awaitRolloutPhase(shadow, "mirroring");
        send(client, 40);
        await().until(
                        () ->
                                client.get("/api/v1/rollouts/" + shadow)
                                                .json()
                                                .at("/analysis/pairs")
                                                .asLong()
                                        >= 30);
        long pairsBeforeKill =
                client.get("/api/v1/rollouts/" + shadow).json().at("/analysis/pairs").asLong();
        killAndRestart(client);
        JsonNode resumed = client.get("/api/v1/rollouts/" + shadow).json();
        assertThat(resumed.get("phase").asText()).isEqualTo("mirroring");
        assertThat(resumed.at("/analysis/pairs").asLong()).isGreaterThanOrEqualTo(pairsBeforeKill);
        servesThroughout(client, shadow);
        assertThat(client.awaitRolloutEnd(shadow).get("phase").asText()).isEqualTo("completed");

        // 3. Killed while a step waits for approval: the gate still holds after the restart.
        client.registerEcho("echo", 1.0, -1, 0);
        long gated =
                start(
                        client,
                        "{\"model\":\"echo:4\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"0s\","
                                + "\"approvalBefore\":[50],\"guardrails\":{\"minRequests\":1}}");
        client.awaitRolloutPhase(gated, "awaiting_approval");
        killAndRestart(client);
        assertThat(client.get("/api/v1/rollouts/" + gated).json().get("phase").asText())
                .isEqualTo("awaiting_approval");
        client.post("/api/v1/rollouts/" + gated + "/approve", "");
        servesThroughout(client, gated);
        assertThat(client.awaitRolloutEnd(gated).get("phase").asText()).isEqualTo("completed");

        // 4. Killed while the previous version is kept warm: a rollback after restart is instant.
        client.registerEcho("echo", 1.0, -1, 0);
        long expedited =
                start(
                        client,
                        "{\"model\":\"echo:5\",\"strategy\":\"expedited\",\"keepPreviousFor\":\"10m\"}");
        client.awaitRolloutPhase(expedited, "keeping_previous");
        killAndRestart(client);
        client.awaitServing("echo", 5);
        assertThat(client.get("/api/v1/rollouts/" + expedited).json().get("phase").asText())
                .isEqualTo("keeping_previous");
        client.post("/api/v1/rollouts/" + expedited + "/rollback", "");
        JsonNode rolledBack = client.awaitRolloutEnd(expedited);
        client.awaitServing("echo", 4);

        assertThat(rolledBack.get("phase").asText()).isEqualTo("rolled_back");
        assertThat(rolledBack.get("events").findValuesAsText("type"))
                .containsSubsequence(
                        "rollout.started",
                        "rollout.promoted",
                        "rollout.keeping-previous",
                        "rollout.rollback-requested",
                        "rollout.rolled-back");
        assertThat(
                        client.get("/api/v1/events?subject=endpoint/echo")
                                .json()
                                .get("events")
                                .findValuesAsText("type"))
                .contains("rollout.completed", "rollout.rolled-back");
    }

    private void servesThroughout(TestServer client, long rollout) {
        // After the restart the endpoint answers (primary first, candidate as it loads) while the
        // rollout carries on; every request succeeds.
        while (client.get("/api/v1/rollouts/" + rollout).json().get("active").asBoolean()) {
            send(client, 10);
        }
    }

    private static void send(TestServer client, int count) {
        for (int i = 0; i < count; i++) {
            TestServer.Response answer =
                    client.post(
                            "/v2/models/echo/infer",
                            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":["
                                    + i
                                    + ",1]}]}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
    }

    private static long start(TestServer client, String body) {
        TestServer.Response started = client.post("/api/v1/endpoints/echo/rollouts", body);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    private void killAndRestart(TestServer client) throws Exception {
        server.killAndRestart();
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                client.get("/v2/health/ready").status() == 200
                                        || client.get("/api/v1/endpoints/echo")
                                                        .json()
                                                        .at("/status/readyCopies")
                                                        .asInt()
                                                > 0);
    }
}
