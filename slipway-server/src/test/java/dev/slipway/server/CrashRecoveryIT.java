package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server runs as a separate process and is killed with SIGKILL (no shutdown hook, no flush); a
 * new process on the same data directory must serve everything that was accepted before.
 */
class CrashRecoveryIT {
    @TempDir Path dataDir;

    @Test
    void killNineThenRestartServesEveryAcceptedEndpoint() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "crash-test-token-0123456789")) {
            TestServer client = server.client();
            client.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
            client.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
            client.put("/api/v1/models/cancer/aliases/champion", "{\"version\":1}");
            // The last write before the kill: accepted (200), not yet loaded when the process dies.
            assertThat(client.patch("/api/v1/endpoints/wine", "{\"copies\":2}").status())
                    .isEqualTo(200);

            server.killAndRestart();

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
    }
}
