package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server runs as a separate process and is killed with SIGKILL (no shutdown hook, no flush); a
 * new process on the same data directory must serve everything that was accepted before.
 */
class CrashRecoveryIT {
    private static final String TOKEN = "crash-test-token-0123456789";

    @TempDir Path dataDir;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void killNineThenRestartServesEveryAcceptedEndpoint() throws Exception {
        int port = freePort();
        process = launch(port);
        TestServer client = TestServer.remote("http://127.0.0.1:" + port, TOKEN, dataDir);
        awaitLive(client);
        client.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
        client.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
        client.put("/api/v1/models/cancer/aliases/champion", "{\"version\":1}");
        // The last write before the kill: accepted (200), not yet loaded when the process dies.
        assertThat(client.patch("/api/v1/endpoints/wine", "{\"copies\":2}").status())
                .isEqualTo(200);

        process.destroyForcibly().waitFor();
        process = launch(port);
        awaitLive(client);

        client.awaitServing("wine", 1);
        client.awaitServing("cancer", 1);
        await().until(
                        () ->
                                client.get("/api/v1/endpoints/wine")
                                                .json()
                                                .get("status")
                                                .get("readyCopies")
                                                .asInt()
                                        == 2);
        assertThat(
                        client.post(
                                        "/v2/models/cancer/infer",
                                        Files.readString(
                                                TestServer.EXAMPLES.resolve(
                                                        "breast-cancer-xgboost/request.json")))
                                .status())
                .isEqualTo(200);
        assertThat(
                        client.get("/api/v1/models/cancer/aliases/champion")
                                .json()
                                .get("version")
                                .asInt())
                .isEqualTo(1);
        assertThat(
                        client.get("/api/v1/events?subject=endpoint/wine")
                                .json()
                                .get("events")
                                .toString())
                .contains("endpoint.created")
                .contains("endpoint.updated");
    }

    private Process launch(int port) throws IOException {
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
