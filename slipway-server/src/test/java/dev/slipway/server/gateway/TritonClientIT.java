package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import triton.client.InferInput;
import triton.client.InferRequestedOutput;
import triton.client.InferResult;
import triton.client.InferenceException;
import triton.client.InferenceServerClient;
import triton.client.InferenceServerClient.InferArguments;
import triton.client.pojo.DataType;

/**
 * A third-party Triton HTTP client ({@code org.wyona.triton.client:java-api}, a port of Triton's
 * Python client) infers against Slipway over OIP v2 REST with JSON tensors and with Triton's binary
 * tensor data extension. That client has only {@code infer}: no health or metadata calls.
 */
class TritonClientIT {
    @TempDir static Path dataDir;
    static TestServer server;
    static InferenceServerClient triton;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dataDir);
        server.deployExample("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost");
        server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
        triton = client();
    }

    @AfterAll
    static void stop() throws Exception {
        triton.close();
        server.close();
    }

    /** The client takes {@code host:port} without a scheme; timeouts are in milliseconds. */
    private static InferenceServerClient client() throws IOException {
        URI url = URI.create(server.url());
        return new InferenceServerClient(url.getHost() + ":" + url.getPort(), 5_000, 30_000);
    }

    @Test
    void wineJsonTensorsMatchPyTorch() throws Exception {
        assertGolden("wine", "wine-mlp-onnx");
    }

    @Test
    void breastCancerJsonTensorsMatchXGBoostPython() throws Exception {
        assertGolden("breast-cancer", "breast-cancer-xgboost");
    }

    /**
     * Without requested outputs the client asks for {@code "binary_data_output": true} (Triton's
     * binary tensor extension), so the outputs come back as binary data after the JSON, which the
     * client finds through {@code Inference-Header-Content-Length}.
     */
    @Test
    void askingForBinaryOutputsGetsBinaryTensorsTheClientReads() throws Exception {
        JsonNode golden = golden("wine-mlp-onnx", "single-row");

        InferResult result = triton.infer(new InferArguments("wine", jsonInputs(golden)));

        assertThat(result.getOutputs()).containsExactly("probabilities", "label");
        assertThat(result.getBinaryData()).hasSize(3 * 4 + 8);
        assertOutputs(result, golden);
    }

    @Test
    void versionedInferEchoesTheRequestIdAndNamesTheServedVersion() throws Exception {
        JsonNode golden = golden("wine-mlp-onnx", "test-batch-6");
        InferArguments arguments =
                new InferArguments("wine", jsonInputs(golden), jsonOutputs(golden))
                        .setModelVersion("1")
                        .setRequestId("request-42");

        InferResult result = triton.infer(arguments);

        assertThat(result.getResponse().getModelName()).isEqualTo("wine");
        assertThat(result.getResponse().getModelVersion()).isEqualTo("1");
        assertThat(result.getResponse().getId()).isEqualTo("request-42");
        assertOutputs(result, golden);
    }

    /**
     * The client turns a non-200 answer into an {@code InferenceException} carrying the OIP {@code
     * error} text, and retries every failure (at least once more), so the message is the last
     * attempt's wrapped exception.
     */
    @Test
    void aWrongShapeBecomesAnInferenceExceptionWithTheServersMessage() throws Exception {
        InferInput input = new InferInput("input", new long[] {1, 12}, DataType.FP32);
        input.setData(new float[12], false);
        try (InferenceServerClient once = client()) {
            once.setRetryCnt(1);

            assertThatThrownBy(() -> once.infer("wine", List.of(input), null))
                    .isInstanceOf(InferenceException.class)
                    .hasRootCauseInstanceOf(InferenceException.class)
                    .rootCause()
                    .hasMessageStartingWith("input 'input' has shape")
                    .hasMessageContaining("the model expects");
        }
    }

    /**
     * The client's binary mode (its own examples use it) puts the tensor bytes after the JSON
     * header and asks for binary outputs: Triton's binary tensor data extension, which {@code GET
     * /v2} lists.
     */
    @Test
    void binaryInputsAndOutputsMatchPyTorch() throws Exception {
        assertThat(server.get("/v2").json().get("extensions").toString())
                .isEqualTo("[\"binary_tensor_data\"]");
        for (String name : List.of("single-row", "test-batch-6")) {
            JsonNode golden = golden("wine-mlp-onnx", name);

            InferResult result = triton.infer("wine", inputs(golden, true), outputs(golden, true));

            assertThat(result.getBinaryData()).as(name).isNotEmpty();
            assertOutputs(result, golden);
        }
    }

    @Test
    void anUnknownModelBecomesAnInferenceExceptionNamingIt() throws Exception {
        InferInput input = new InferInput("input", new long[] {1, 13}, DataType.FP32);
        input.setData(new float[13], false);
        try (InferenceServerClient once = client()) {
            once.setRetryCnt(1);

            assertThatThrownBy(() -> once.infer("no-such-model", List.of(input), null))
                    .rootCause()
                    .hasMessage("endpoint 'no-such-model' does not exist");
        }
    }

    /** Sends every golden request of an example as JSON tensors and compares the outputs. */
    private static void assertGolden(String endpoint, String example) throws Exception {
        int compared = 0;
        for (JsonNode golden : TestServer.golden(examplePath(example).resolve("golden.jsonl"))) {
            InferResult result = triton.infer(endpoint, jsonInputs(golden), jsonOutputs(golden));
            compared += assertOutputs(result, golden);
        }
        assertThat(compared).isGreaterThan(5);
    }

    /** The golden request's inputs (all FP32 in the examples) as JSON-mode client inputs. */
    private static List<InferInput> jsonInputs(JsonNode golden) {
        return inputs(golden, false);
    }

    /** The golden request's inputs, as binary data or as JSON. */
    private static List<InferInput> inputs(JsonNode golden, boolean binary) {
        List<InferInput> inputs = new ArrayList<>();
        for (JsonNode tensor : golden.get("request").get("inputs")) {
            assertThat(tensor.get("datatype").asText()).isEqualTo("FP32");
            long[] shape = new long[tensor.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = tensor.get("shape").get(i).asLong();
            }
            float[] data = new float[tensor.get("data").size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) tensor.get("data").get(i).asDouble();
            }
            InferInput input = new InferInput(tensor.get("name").asText(), shape, DataType.FP32);
            input.setData(data, binary);
            inputs.add(input);
        }
        return inputs;
    }

    /** Every expected output, asked for as JSON ({@code "binary_data": false}). */
    private static List<InferRequestedOutput> jsonOutputs(JsonNode golden) {
        return outputs(golden, false);
    }

    /** Every expected output, asked for as binary data or as JSON. */
    private static List<InferRequestedOutput> outputs(JsonNode golden, boolean binary) {
        List<InferRequestedOutput> outputs = new ArrayList<>();
        for (JsonNode expected : golden.get("expected").get("outputs")) {
            outputs.add(new InferRequestedOutput(expected.get("name").asText(), binary));
        }
        return outputs;
    }

    /** Compares the client's typed outputs with the golden ones; returns the values compared. */
    private static int assertOutputs(InferResult result, JsonNode golden) {
        double absolute = golden.path("tolerance").path("absolute").asDouble(1e-6);
        double relative = golden.path("tolerance").path("relative").asDouble(1e-5);
        int compared = 0;
        for (JsonNode expected : golden.get("expected").get("outputs")) {
            String name = expected.get("name").asText();
            JsonNode want = expected.get("data");
            switch (expected.get("datatype").asText()) {
                case "FP32" -> {
                    float[] got = result.getOutputAsFloat(name);
                    assertThat(got).as(name).hasSize(want.size());
                    for (int i = 0; i < got.length; i++) {
                        double tolerance = absolute + relative * Math.abs(want.get(i).asDouble());
                        assertThat(Math.abs(got[i] - want.get(i).asDouble()))
                                .as("%s %s[%d]", golden.get("name"), name, i)
                                .isLessThanOrEqualTo(tolerance);
                    }
                }
                case "INT64" -> {
                    long[] got = result.getOutputAsLong(name);
                    assertThat(got).as(name).hasSize(want.size());
                    for (int i = 0; i < got.length; i++) {
                        assertThat(got[i]).as("%s[%d]", name, i).isEqualTo(want.get(i).asLong());
                    }
                }
                default -> throw new AssertionError("no check for " + expected.get("datatype"));
            }
            compared += want.size();
        }
        return compared;
    }

    private static JsonNode golden(String example, String name) throws IOException {
        for (JsonNode golden : TestServer.golden(examplePath(example).resolve("golden.jsonl"))) {
            if (golden.get("name").asText().equals(name)) {
                return golden;
            }
        }
        throw new AssertionError("no golden example " + name + " in " + example);
    }

    private static Path examplePath(String example) {
        return TestServer.EXAMPLES.resolve(example);
    }
}
