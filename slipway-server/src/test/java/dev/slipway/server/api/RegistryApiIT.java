package dev.slipway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry through the control API: registration checks, versions, aliases, validation. */
class RegistryApiIT {
    @TempDir static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestServer.Response register(String model, ObjectNode body) {
        return server.post("/api/v1/models/" + model + "/versions", body.toString());
    }

    @Test
    void controlApiNeedsTheAdminToken() {
        TestServer.Response anonymous =
                server.send(
                        HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/models"))
                                .GET()
                                .build());
        TestServer.Response wrong =
                server.send(
                        HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/models"))
                                .header("authorization", "Bearer not-the-token")
                                .GET()
                                .build());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asText())
                .contains("Authorization: Bearer")
                .contains("admin-token");
        assertThat(anonymous.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(server.get("/api/v1/models").status()).isEqualTo(200);
    }

    @Test
    void registersVersionsInOrderWithStatusAndLineage() {
        ObjectNode body = server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        body.put("description", "50 trees");
        body.putObject("lineage").put("dataset", "wdbc").put("commit", "abc123");
        body.putObject("tags").put("team", "risk");
        body.putObject("metrics").put("accuracy", 0.956);

        JsonNode first = register("cancer", body).json();
        JsonNode second = register("cancer", body).json();

        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(first.get("status").asText()).isEqualTo("validated");
        assertThat(first.get("goldenExamples").asInt()).isEqualTo(3);
        assertThat(first.get("lineage").get("commit").asText()).isEqualTo("abc123");
        assertThat(first.get("metrics").get("accuracy").asDouble()).isEqualTo(0.956);
        assertThat(first.get("artifact").get("sha256").asText()).hasSize(64);
        JsonNode model = server.get("/api/v1/models/cancer").json();
        assertThat(model.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(model.get("versions")).hasSize(2);
        assertThat(server.get("/api/v1/models/cancer/versions/1/golden").json().get("examples"))
                .hasSize(3);
        assertThat(
                        server.get("/api/v1/events?subject=model/cancer")
                                .json()
                                .get("events")
                                .toString())
                .contains("version.registered");
    }

    @Test
    void onnxSignatureIsReadFromTheArtifact() {
        ObjectNode body = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
        body.remove("signature");

        JsonNode version = register("wine-no-signature", body).json();

        assertThat(version.get("signature").get("inputs").toString())
                .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,13]}]");
        assertThat(version.get("signature").get("outputs").get(1).get("datatype").asText())
                .isEqualTo("INT64");
    }

    @Test
    void refusesCorruptMismatchedOrUnknownArtifacts() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        String corrupt =
                server.post("/api/v1/artifacts", "application/octet-stream", garbage)
                        .json()
                        .get("sha256")
                        .asText();
        ObjectNode onnxGarbage = server.json("{\"format\":\"onnx\"}");
        onnxGarbage.putObject("artifact").put("sha256", corrupt);
        assertError(
                register("broken", onnxGarbage), 400, "INVALID_ARTIFACT", "does not load as onnx");

        ObjectNode xgboostAsOnnx =
                server.registration("breast-cancer-xgboost", "model.json", "onnx");
        xgboostAsOnnx.remove("signature");
        xgboostAsOnnx.remove("golden");
        assertError(
                register("broken", xgboostAsOnnx),
                400,
                "INVALID_ARTIFACT",
                "does not load as onnx");

        ObjectNode onnxAsXgboost = server.registration("wine-mlp-onnx", "model.onnx", "xgboost");
        onnxAsXgboost.remove("golden");
        assertError(
                register("broken", onnxAsXgboost),
                400,
                "INVALID_ARTIFACT",
                "does not load as xgboost");

        ObjectNode wrongFeatures =
                server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        wrongFeatures.remove("golden");
        ((ArrayNode) wrongFeatures.get("signature").get("inputs").get(0).get("shape")).set(1, 12);
        assertError(register("broken", wrongFeatures), 400, "INVALID_ARTIFACT", "30");

        ObjectNode unknownFormat =
                server.registration("breast-cancer-xgboost", "model.json", "pmml");
        assertError(
                register("broken", unknownFormat),
                400,
                "UNKNOWN_FORMAT",
                "unknown format 'pmml' (available: onnx, ");

        ObjectNode missing =
                server.json(
                        "{\"format\":\"onnx\",\"artifact\":{\"sha256\":\""
                                + "ab".repeat(32)
                                + "\"}}");
        assertError(
                register("broken", missing), 404, "ARTIFACT_NOT_FOUND", "has not been uploaded");

        assertError(
                register("Bad%20Name", server.registration("wine-mlp-onnx", "model.onnx", "onnx")),
                400,
                "INVALID_ARGUMENT",
                "model name 'Bad Name' is invalid");
        assertThat(server.get("/api/v1/models/broken").status()).isEqualTo(404);
    }

    @Test
    void runtimeParametersReachTheFormatsRuntimeAndOnlyTheNamesItReads() {
        ObjectNode xgboost4j =
                server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        xgboost4j.putObject("runtimeParameters").put("predictor", "xgboost4j");

        JsonNode registered = register("cancer-native", xgboost4j).json();

        assertThat(registered.get("status").asText()).isEqualTo("validated");
        assertThat(registered.get("runtimeParameters"))
                .isEqualTo(server.json("{\"predictor\":\"xgboost4j\"}"));
        assertThat(
                        server.get("/api/v1/models/cancer-native/versions/1")
                                .json()
                                .get("runtimeParameters"))
                .isEqualTo(registered.get("runtimeParameters"));

        ObjectNode unknownValue =
                server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        unknownValue.putObject("runtimeParameters").put("predictor", "fast");
        assertError(
                register("cancer-params", unknownValue),
                400,
                "INVALID_ARTIFACT",
                "unknown XGBoost parameter predictor=fast (use trees or xgboost4j");

        ObjectNode misspelt = server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        misspelt.putObject("runtimeParameters").put("predicter", "trees");
        assertError(
                register("cancer-params", misspelt),
                400,
                "INVALID_ARGUMENT",
                "runtimeParameters.predicter: the xgboost runtime has no such parameter (it takes"
                        + " predictor)");

        ObjectNode onnx = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
        onnx.putObject("runtimeParameters").put("predictor", "trees");
        assertError(
                register("cancer-params", onnx),
                400,
                "INVALID_ARGUMENT",
                "runtimeParameters.predictor: the onnx runtime has no such parameter (it takes"
                        + " none)");

        ObjectNode notText = server.registration("breast-cancer-xgboost", "model.json", "xgboost");
        notText.putObject("runtimeParameters").putObject("predictor");
        assertError(
                register("cancer-params", notText),
                400,
                "INVALID_ARGUMENT",
                "runtimeParameters.predictor must be a string");
        assertThat(server.get("/api/v1/models/cancer-params").status()).isEqualTo(404);
    }

    @Test
    void goldenMismatchRefusesTheVersionWithAPreciseReport() {
        ObjectNode body = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
        ArrayNode data =
                (ArrayNode)
                        body.get("golden").get(0).get("expected").get("outputs").get(0).get("data");
        data.set(1, 0.5);

        TestServer.Response response = register("wine-wrong-golden", body);

        assertError(
                response,
                422,
                "VALIDATION_FAILED",
                "example 'single-row' output 'probabilities' element 1: expected 0.5");
        JsonNode mismatch = response.json().get("details").get("mismatches").get(0);
        assertThat(mismatch.get("example").asText()).isEqualTo("single-row");
        assertThat(mismatch.get("output").asText()).isEqualTo("probabilities");
        assertThat(mismatch.get("index").asInt()).isEqualTo(1);
        assertThat(mismatch.get("expected").asDouble()).isEqualTo(0.5);
        assertThat(server.get("/api/v1/models/wine-wrong-golden").status()).isEqualTo(404);
    }

    @Test
    void goldenExamplesThatDoNotFitTheSignatureAreRefused() {
        ObjectNode body = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
        ((ObjectNode) body.get("golden").get(0).get("request").get("inputs").get(0))
                .put("name", "x");

        assertError(
                register("wine-bad-golden", body),
                400,
                "INVALID_ARGUMENT",
                "golden example 'single-row': unknown input 'x'");
    }

    @Test
    void validateRunsTheStoredGoldenExamples() {
        ObjectNode body = server.registration("diabetes-xgboost-ubj", "model.ubj", "xgboost");
        body.put("validate", false);
        JsonNode version = register("diabetes-later", body).json();
        assertThat(version.get("status").asText()).isEqualTo("registered");

        JsonNode report =
                server.post("/api/v1/models/diabetes-later/versions/1/validate", "").json();

        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("examples").asInt()).isEqualTo(2);
        assertThat(
                        server.get("/api/v1/models/diabetes-later/versions/1")
                                .json()
                                .get("status")
                                .asText())
                .isEqualTo("validated");
    }

    @Test
    void aliasesMoveAndResolve() {
        ObjectNode body = server.registration("wine-mlp-onnx", "model.onnx", "onnx");
        register("wine-aliased", body);
        register("wine-aliased", body);

        assertThat(
                        server.put(
                                        "/api/v1/models/wine-aliased/aliases/champion",
                                        "{\"version\":1}")
                                .status())
                .isEqualTo(200);
        assertThat(
                        server.get("/api/v1/models/wine-aliased/aliases/champion")
                                .json()
                                .get("version")
                                .asInt())
                .isEqualTo(1);
        server.put("/api/v1/models/wine-aliased/aliases/champion", "{\"version\":2}");
        assertThat(
                        server.get("/api/v1/models/wine-aliased/aliases/champion")
                                .json()
                                .get("version")
                                .asInt())
                .isEqualTo(2);
        assertThat(
                        server.get("/api/v1/models/wine-aliased")
                                .json()
                                .get("aliases")
                                .get("champion")
                                .asInt())
                .isEqualTo(2);
        assertError(
                server.put("/api/v1/models/wine-aliased/aliases/champion", "{\"version\":9}"),
                404,
                "VERSION_NOT_FOUND",
                "has no version 9");
        assertThat(server.delete("/api/v1/models/wine-aliased/aliases/champion").status())
                .isEqualTo(204);
        assertError(
                server.get("/api/v1/models/wine-aliased/aliases/champion"),
                404,
                "ALIAS_NOT_FOUND",
                "no alias 'champion'");
    }

    @Test
    void unknownControlPathsAnswerWithTheControlErrorShape() {
        assertError(
                server.get("/api/v1/nothing-here"),
                404,
                "NOT_FOUND",
                "no such resource: /api/v1/nothing-here");
        assertError(
                server.delete("/api/v1/models"),
                405,
                "NOT_FOUND",
                "DELETE is not allowed on /api/v1/models");
    }

    static void assertError(TestServer.Response response, int status, String code, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("error").asText()).contains(message);
    }
}
