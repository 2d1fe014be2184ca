package dev.slipway.server.async;

import static dev.slipway.server.async.AsyncInvocationIT.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.ServerProcess;
import dev.slipway.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No accepted invocation is lost: the server is killed with SIGKILL while it works through a
 * backlog, and a new process on the same data finishes every invocation exactly once from the
 * caller's view (each succeeds once, with its own result; results stored before the kill stay).
 */
class AsyncCrashIT {
    @TempDir Path dataDir;

    @Test
    void killNineInTheMiddleOfABacklogLosesNoInvocationAndRepeatsNoFinishedOne() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "async-crash-token-0123456789")) {
            TestServer client = server.client();
            int version = client.registerEcho("echo", 3.0, -1, 100);
            client.post(
                    "/api/v1/endpoints",
                    "{\"name\":\"echo\",\"model\":\"echo:"
                            + version
                            + "\",\"resources\":{\"cores\":1},"
                            + "\"async\":{\"maxConcurrentPerCopy\":1,\"invocationTimeout\":\"2s\"}}");
            client.awaitServing("echo", version);

            Map<String, Integer> sent = new LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                TestServer.Response accepted =
                        post(
                                client,
                                "echo",
                                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],"
                                        + "\"data\":["
                                        + i
                                        + ","
                                        + i
                                        + "]}]}",
                                Map.of());
                assertThat(accepted.status()).isEqualTo(202);
                sent.put(accepted.json().get("InferenceId").asText(), i);
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> succeeded(client) >= 10);

            server.killAndRestart();

            Map<String, JsonNode> finished = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                for (String id : sent.keySet()) {
                                    JsonNode invocation = client.get("/api/v1/async/" + id).json();
                                    if (invocation.get("status").asText().equals("succeeded")) {
                                        finished.put(id, invocation);
                                    }
                                }
                                return finished.size() == sent.size();
                            });
            int ranTwice = 0;
            for (Map.Entry<String, Integer> entry : sent.entrySet()) {
                JsonNode invocation = finished.get(entry.getKey());
                double x = entry.getValue();
                JsonNode data = invocation.get("result").get("outputs").get(0).get("data");
                assertThat(List.of(data.get(0).asDouble(), data.get(1).asDouble()))
                        .containsExactly(3 * x, 3 * x);
                assertThat(
                                client.get("/api/v1/async/" + entry.getKey() + "/output")
                                        .json()
                                        .get("outputs")
                                        .get(0)
                                        .get("data")
                                        .get(0)
                                        .asDouble())
                        .isEqualTo(3 * x);
                if (invocation.get("attempts").asInt() > 1) {
                    ranTwice++;
                }
            }
            // Only what was running at the kill (one copy, one at a time) ran a second time.
            assertThat(ranTwice).isLessThanOrEqualTo(1);
            assertThat(client.get("/api/v1/async?status=failed").json().get("invocations"))
                    .isEmpty();
        }
    }

    private static int succeeded(TestServer client) {
        return client.get("/api/v1/async?endpoint=echo&status=succeeded&limit=1000")
                .json()
                .get("invocations")
                .size();
    }
}
