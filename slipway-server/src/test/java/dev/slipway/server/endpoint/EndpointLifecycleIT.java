package dev.slipway.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints over their life: create, update without a failed request, scale, restart, delete. */
class EndpointLifecycleIT {
    @TempDir Path dataDir;

    private static String request() throws Exception {
        return Files.readString(TestServer.EXAMPLES.resolve("breast-cancer-xgboost/request.json"));
    }

    @Test
    void updatingToANewVersionFailsNoRequest() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
            ObjectNode v2 = server.registration("breast-cancer-xgboost", "model.json", "xgboost");
            assertThat(server.post("/api/v1/models/cancer/versions", v2.toString()).status())
                    .isEqualTo(201);
            String body = request();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger succeeded = new AtomicInteger();
            Set<String> failures = ConcurrentHashMap.newKeySet();
            Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                callers.submit(
                        () -> {
                            while (running.get()) {
                                TestServer.Response response =
                                        server.post("/v2/models/cancer/infer", body);
                                if (response.status() == 200) {
                                    succeeded.incrementAndGet();
                                    versionsSeen.add(response.json().get("model_version").asText());
                                } else {
                                    failures.add(response.status() + " " + response.body());
                                }
                            }
                        });
            }
            await().until(() -> succeeded.get() > 50);

            assertThat(
                            server.patch(
                                            "/api/v1/endpoints/cancer",
                                            "{\"model\":\"cancer:2\",\"copies\":2}")
                                    .status())
                    .isEqualTo(200);
            server.awaitServing("cancer", 2);
            int atSwap = succeeded.get();
            await().until(() -> succeeded.get() > atSwap + 50);
            running.set(false);
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(failures).isEmpty();
            assertThat(versionsSeen).containsExactlyInAnyOrder("1", "2");
            JsonNode endpoint = server.get("/api/v1/endpoints/cancer").json();
            assertThat(endpoint.get("status").get("readyCopies").asInt()).isEqualTo(2);
            assertThat(endpoint.get("model").get("version").asInt()).isEqualTo(2);
            // The model change went through an expedited rollout, which completed.
            JsonNode rollout =
                    server.awaitRolloutEnd(
                            server.get("/api/v1/rollouts?endpoint=cancer")
                                    .json()
                                    .at("/rollouts/0/id")
                                    .asLong());
            assertThat(rollout.get("strategy").asText()).isEqualTo("expedited");
            assertThat(rollout.get("phase").asText()).isEqualTo("completed");
        }
    }

    @Test
    void aliasesResolveWhenTheSpecIsWrittenAndCopiesScale() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ObjectNode body = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
            server.post("/api/v1/models/wine/versions", body.toString());
            server.put("/api/v1/models/wine/aliases/champion", "{\"version\":1}");

            TestServer.Response created =
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"wine\",\"model\":\"wine@champion\",\"copies\":3,\"resources\":{\"cores\":1,\"memory\":\"256Mi\"},\"timeout\":\"5s\"}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("model").get("ref").asText()).isEqualTo("wine@champion");
            assertThat(created.json().get("model").get("version").asInt()).isEqualTo(1);
            assertThat(created.json().get("resources").get("memory").asText()).isEqualTo("256Mi");
            assertThat(created.json().get("urls").get("infer").asText())
                    .endsWith("/v2/models/wine/infer");
            server.awaitServing("wine", 1);
            await().until(
                            () ->
                                    server.get("/api/v1/endpoints/wine")
                                                    .json()
                                                    .get("status")
                                                    .get("readyCopies")
                                                    .asInt()
                                            == 3);

            server.patch("/api/v1/endpoints/wine", "{\"copies\":1}");
            await().until(
                            () ->
                                    server.get("/api/v1/endpoints/wine")
                                                    .json()
                                                    .get("status")
                                                    .get("readyCopies")
                                                    .asInt()
                                            == 1);
            assertThat(
                            server.post(
                                            "/v2/models/wine/infer",
                                            Files.readString(
                                                    TestServer.EXAMPLES.resolve(
                                                            "wine-mlp-onnx/request.json")))
                                    .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void badEndpointSpecsAreRefusedWithTheField() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");

            assertError(
                    server.post("/api/v1/endpoints", "{\"name\":\"wine\",\"model\":\"wine:1\"}"),
                    409,
                    "already exists");
            assertError(
                    server.post("/api/v1/endpoints", "{\"name\":\"w2\",\"model\":\"wine\"}"),
                    400,
                    "must be NAME:VERSION");
            assertError(
                    server.post("/api/v1/endpoints", "{\"name\":\"w2\",\"model\":\"wine:9\"}"),
                    404,
                    "has no version 9");
            assertError(
                    server.post("/api/v1/endpoints", "{\"name\":\"w2\",\"model\":\"nope:1\"}"),
                    404,
                    "model 'nope' does not exist");
            assertError(
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"w2\",\"model\":\"wine:1\",\"copies\":-1}"),
                    400,
                    "copies must be between 0 and 64");
            assertError(
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"w2\",\"model\":\"wine:1\",\"timeout\":\"soon\"}"),
                    400,
                    "timeout 'soon'");
            assertError(
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"w2\",\"model\":\"wine:1\",\"resources\":{\"memory\":\"lots\"}}"),
                    400,
                    "resources.memory 'lots'");
            assertError(
                    server.post(
                            "/api/v1/endpoints",
                            "{\"name\":\"w2\",\"model\":\"wine:1\",\"copies\":40,\"resources\":{\"cores\":2}}"),
                    422,
                    "over the node capacity of 64.0 cores");
            assertError(
                    server.patch("/api/v1/endpoints/missing", "{\"copies\":2}"),
                    404,
                    "endpoint 'missing' does not exist");
            assertThat(server.get("/api/v1/endpoints").json().get("endpoints")).hasSize(1);
        }
    }

    @Test
    void restartRestoresEveryEndpointFromTheDatabase() throws Exception {
        TestServer server = TestServer.start(dataDir);
        try {
            server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
            server.deployExample("diabetes", "diabetes-xgboost-ubj", "model.ubj", "xgboost");

            server.restart();

            server.awaitServing("wine", 1);
            server.awaitServing("diabetes", 1);
            assertThat(
                            server.post(
                                            "/v2/models/diabetes/infer",
                                            Files.readString(
                                                    TestServer.EXAMPLES.resolve(
                                                            "diabetes-xgboost-ubj/request.json")))
                                    .status())
                    .isEqualTo(200);
            assertThat(server.get("/v2/health/ready").status()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void deletingAnEndpointUnloadsItsCopies() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");

            assertThat(server.delete("/api/v1/endpoints/wine").status()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.get("/v2/models/wine/ready").status() == 404);
            assertThat(
                            server.post(
                                            "/v2/models/wine/infer",
                                            Files.readString(
                                                    TestServer.EXAMPLES.resolve(
                                                            "wine-mlp-onnx/request.json")))
                                    .status())
                    .isEqualTo(404);
            assertThat(server.get("/api/v1/endpoints/wine").status()).isEqualTo(404);
        }
    }

    static void assertError(TestServer.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).contains(message);
    }
}
