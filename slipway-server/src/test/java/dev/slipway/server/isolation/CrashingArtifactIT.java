package dev.slipway.server.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crafted artifact that crashes a native runtime is refused with a 400 and the server keeps
 * serving: the registration probe loads it in a child process first.
 */
class CrashingArtifactIT {
    @TempDir Path dataDir;

    @Test
    void anXGBoostModelWithCorruptNodeIndicesIsRefusedAndTheServerKeepsServing() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
            ObjectNode model =
                    (ObjectNode)
                            Json.MAPPER.readTree(
                                    TestServer.EXAMPLES
                                            .resolve("breast-cancer-xgboost/model.json")
                                            .toFile());
            ArrayNode trees = (ArrayNode) model.at("/learner/gradient_booster/model/trees");
            for (var tree : trees) {
                ArrayNode left = (ArrayNode) tree.get("left_children");
                ArrayNode right = (ArrayNode) tree.get("right_children");
                left.set(0, 1_000_000_000);
                right.set(0, -7_000_000);
            }
            Path crafted = dataDir.resolve("crafted.json");
            Files.write(crafted, Json.MAPPER.writeValueAsBytes(model));
            ObjectNode body = server.registration("breast-cancer-xgboost", "model.json", "xgboost");
            body.remove("golden");
            ((ObjectNode) body.get("artifact")).put("sha256", server.upload(crafted));

            TestServer.Response response =
                    server.post("/api/v1/models/crafted/versions", body.toString());

            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("code").asText()).isEqualTo("INVALID_ARTIFACT");
            assertThat(server.get("/api/v1/models/crafted").status()).isEqualTo(404);
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
}
