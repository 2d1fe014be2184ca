package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.ServerMain;
import dev.slipway.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL in the middle of a rollout's stages; a new process on
 * the same data directory resumes each rollout from its persisted stage, the endpoint answers
 * throughout recovery, and the event log shows what happened.
 */
class RolloutCrashIT {
    private static final String TOKEN = "rollout-crash-token-0123456789";

    @TempDir Path dataDir;
    private Process process;
    private int port;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void killNineDuringBakingMirroringAndKeepingPreviousResumesEachRollout() throws Exception {
        port = freePort();
        process = launch();
        TestServer client = TestServer.remote("http://127.0.0.1:" + port, TOKEN, dataDir);
        awaitLive(client);
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

        // 3. Killed while the previous version is kept warm: a rollback after restart is instant.
        client.registerEcho("echo", 1.0, -1, 0);
        long expedited =
                start(
                        client,
                        "{\"model\":\"echo:4\",\"strategy\":\"expedited\",\"keepPreviousFor\":\"10m\"}");
        client.awaitRolloutPhase(expedited, "keeping_previous");
        killAndRestart(client);
        client.awaitServing("echo", 4);
        assertThat(client.get("/api/v1/rollouts/" + expedited).json().get("phase").asText())
                .isEqualTo("keeping_previous");
        client.post("/api/v1/rollouts/" + expedited + "/rollback", "");
        JsonNode rolledBack = client.awaitRolloutEnd(expedited);
        client.awaitServing("echo", 3);

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
        process.destroyForcibly().waitFor();
        process = launch();
        awaitLive(client);
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

    private Process launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(
                        List.of(
                                java,
                                "--enable-native-access=ALL-UNNAMED",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ServerMain.class.getName(),
                                "--port",
                                Integer.toString(port),
                                "--data-dir",
                                dataDir.toString()));
        builder.environment().put("SLIPWAY_TOKEN", TOKEN);
        builder.redirectErrorStream(true);
        builder.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        return builder.start();
    }

    private void awaitLive(TestServer client) {
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                        () -> {
                            assertThat(process.isAlive())
                                    .as(
                                            "server process died; see %s",
                                            dataDir.resolve("server.log"))
                                    .isTrue();
                            return client.get("/v2/health/live").status() == 200;
                        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
