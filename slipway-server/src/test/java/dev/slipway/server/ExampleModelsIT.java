package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example models, registered and served over HTTP, reproduce the Python libraries' outputs. */
class ExampleModelsIT {
    @TempDir static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.deployExample("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost");
        server.deployExample("diabetes", "diabetes-xgboost-ubj", "model.ubj", "xgboost");
        server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void breastCancerMatchesXGBoostPython() throws IOException {
        assertGoldenOverHttp("breast-cancer", "breast-cancer-xgboost");
    }

    @Test
    void diabetesUbjMatchesXGBoostPython() throws IOException {
        assertGoldenOverHttp("diabetes", "diabetes-xgboost-ubj");
    }

    @Test
    void wineMlpMatchesPyTorch() throws IOException {
        assertGoldenOverHttp("wine", "wine-mlp-onnx");
    }

    /** Sends every golden request to the endpoint and compares with the file's expected outputs. */
    private static void assertGoldenOverHttp(String endpoint, String example) throws IOException {
        int compared = 0;
        for (JsonNode golden :
                TestServer.golden(TestServer.EXAMPLES.resolve(example).resolve("golden.jsonl"))) {
            TestServer.Response response =
                    server.post(
                            "/v2/models/" + endpoint + "/infer", golden.get("request").toString());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode outputs = response.json().get("outputs");
            double absolute = golden.path("tolerance").path("absolute").asDouble(1e-6);
            double relative = golden.path("tolerance").path("relative").asDouble(1e-5);
            for (JsonNode expected : golden.get("expected").get("outputs")) {
                JsonNode actual = find(outputs, expected.get("name").asText());
                assertThat(actual.get("shape")).isEqualTo(expected.get("shape"));
                assertThat(actual.get("datatype")).isEqualTo(expected.get("datatype"));
                for (int i = 0; i < expected.get("data").size(); i++) {
                    double want = expected.get("data").get(i).asDouble();
                    double got = actual.get("data").get(i).asDouble();
                    assertThat(Math.abs(got - want))
                            .as("%s %s[%d]", endpoint, expected.get("name"), i)
                            .isLessThanOrEqualTo(absolute + relative * Math.abs(want));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(5);
    }

    private static JsonNode find(JsonNode outputs, String name) {
        for (JsonNode output : outputs) {
            if (output.get("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("output " + name + " missing in " + outputs);
    }

    @Test
    void metadataDescribesTheServedVersion() {
        JsonNode metadata = server.get("/v2/models/wine").json();

        assertThat(metadata.get("name").asText()).isEqualTo("wine");
        assertThat(metadata.get("versions").get(0).asText()).isEqualTo("1");
        assertThat(metadata.get("platform").asText()).isEqualTo("onnx");
        assertThat(metadata.get("inputs").toString())
                .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,13]}]");
        assertThat(metadata.get("outputs").size()).isEqualTo(2);
        assertThat(server.get("/v2/models/wine/versions/1").status()).isEqualTo(200);
        assertThat(server.get("/v2/models/wine/versions/2").status()).isEqualTo(404);
        assertThat(server.get("/v2/models/wine/ready").status()).isEqualTo(200);
        assertThat(server.get("/v2/models/nope/ready").status()).isEqualTo(404);
        assertThat(server.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(server.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(server.get("/v2").json().get("name").asText()).isEqualTo("slipway");
    }
}
