package dev.slipway.server.gateway;

import static dev.slipway.server.gateway.BinaryTensorClient.littleEndianFloats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import dev.slipway.server.gateway.BinaryTensorClient.Answer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary tensor data extension over loopback HTTP against the real ONNX wine model: input
 * {@code input} FP32 [-1, 13]; outputs {@code probabilities} FP32 [-1, 3] and {@code label} INT64
 * [-1].
 */
class BinaryTensorDataIT {
    private static final int ROWS = 32;
    private static final int FEATURES = 13;

    @TempDir static Path dataDir;
    static TestServer server;

    /** 32 rows as the JSON requests write them (Double.toString); exact as floats. */
    static double[] features;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dataDir);
        server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
        features = rows(TestServer.EXAMPLES.resolve("wine-mlp-onnx").resolve("rows.csv"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void serverMetadataListsTheExtension() {
        JsonNode extensions = server.get("/v2").json().get("extensions");

        assertThat(extensions.toString()).isEqualTo("[\"binary_tensor_data\"]");
    }

    @Test
    void binaryInputsAndOutputsCarryExactlyTheNumbersOfTheJsonAnswer() {
        Answer json = inferJson("");

        Answer binary =
                BinaryTensorClient.post(
                        server,
                        "/v2/models/wine/infer",
                        "{\"parameters\":{\"binary_data_output\":true},\"inputs\":["
                                + binaryInput()
                                + "]}",
                        littleEndianFloats(floats()));

        assertThat(binary.status()).as(binary.json().toString()).isEqualTo(200);
        assertThat(binary.contentType()).isEqualTo("application/octet-stream");
        assertThat(binary.json().get("model_name").asText()).isEqualTo("wine");
        assertThat(binary.output("probabilities").toString())
                .isEqualTo(
                        "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[32,3],"
                                + "\"parameters\":{\"binary_data_size\":384}}");
        assertThat(binary.output("label").toString())
                .isEqualTo(
                        "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[32],"
                                + "\"parameters\":{\"binary_data_size\":256}}");
        assertThat(binary.binary()).hasSize(384 + 256);
        assertThat(floats(binary.binaryOutput("probabilities"), ROWS * 3))
                .containsExactly(jsonFloats(json.output("probabilities")));
        assertThat(longs(binary.binaryOutput("label"), ROWS))
                .containsExactly(jsonLongs(json.output("label")));
    }

    @Test
    void aBinaryRequestWithoutBinaryOutputsGetsTheJsonAnswer() {
        Answer json = inferJson("");

        Answer answer =
                BinaryTensorClient.post(
                        server,
                        "/v2/models/wine/versions/1/infer",
                        "{\"id\":\"b-1\",\"inputs\":[" + binaryInput() + "]}",
                        littleEndianFloats(floats()));

        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.headers().firstValue(BinaryTensorClient.HEADER)).isEmpty();
        assertThat(answer.json().get("id").asText()).isEqualTo("b-1");
        assertThat(answer.json().get("outputs")).isEqualTo(json.json().get("outputs"));
    }

    @Test
    void aJsonRequestCanAskForOneBinaryOutput() {
        Answer json = inferJson("");

        Answer answer =
                inferJson(
                        ",\"outputs\":[{\"name\":\"label\",\"parameters\":{\"binary_data\":true}},"
                                + "{\"name\":\"probabilities\"}]");

        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/octet-stream");
        assertThat(answer.json().get("outputs").get(0).get("name").asText()).isEqualTo("label");
        assertThat(answer.output("probabilities")).isEqualTo(json.output("probabilities"));
        assertThat(answer.binary()).hasSize(ROWS * 8);
        assertThat(longs(answer.binaryOutput("label"), ROWS))
                .containsExactly(jsonLongs(json.output("label")));
    }

    @Test
    void sageMakersContentTypeCanCarryTheJsonLength() {
        byte[] header = ("{\"inputs\":[" + binaryInput() + "]}").getBytes(StandardCharsets.UTF_8);

        Answer answer =
                BinaryTensorClient.send(
                        server.request("/v2/models/wine/infer")
                                .header(
                                        "content-type",
                                        "application/vnd.sagemaker-triton.binary+json;"
                                                + "json-header-size="
                                                + header.length)
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArray(
                                                BinaryTensorClient.concat(
                                                        header, littleEndianFloats(floats())))));

        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        assertThat(answer.json().get("outputs")).isEqualTo(inferJson("").json().get("outputs"));
    }

    @Test
    void badFramingGets400NamingTheProblem() {
        byte[] rows = littleEndianFloats(floats());
        String request = "{\"inputs\":[" + binaryInput() + "]}";

        Answer notANumber =
                BinaryTensorClient.send(
                        server.request("/v2/models/wine/infer")
                                .header(BinaryTensorClient.HEADER, "abc")
                                .POST(HttpRequest.BodyPublishers.ofString(request)));
        Answer tooLong =
                BinaryTensorClient.send(
                        server.request("/v2/models/wine/infer")
                                .header(BinaryTensorClient.HEADER, "100000")
                                .POST(HttpRequest.BodyPublishers.ofString(request)));
        Answer wrongSize =
                BinaryTensorClient.post(
                        server, "/v2/models/wine/infer", request.replace("1664", "1660"), rows);
        Answer leftOver =
                BinaryTensorClient.post(
                        server,
                        "/v2/models/wine/infer",
                        request,
                        BinaryTensorClient.concat(rows, new byte[3]));

        assertError(
                notANumber,
                "Inference-Header-Content-Length must be a non-negative integer, got 'abc'");
        assertError(tooLong, "Inference-Header-Content-Length is 100000, but the body has only");
        assertError(
                wrongSize,
                "input 'input' has binary_data_size 1660, but shape [32, 13] of FP32 needs 1664"
                        + " bytes");
        assertError(leftOver, "the body has 3 bytes of binary data left over");
    }

    @Test
    void aBinaryRequestStillMeetsTheModelsSignature() {
        String request =
                "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[64,6],"
                        + "\"parameters\":{\"binary_data_size\":1536}}]}";
        byte[] rows = littleEndianFloats(Arrays.copyOf(floats(), 64 * 6));

        Answer answer = BinaryTensorClient.post(server, "/v2/models/wine/infer", request, rows);

        assertError(answer, "input 'input' has shape [64, 6], the model expects [-1, 13]");
    }

    private static void assertError(Answer answer, String message) {
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.error()).contains(message);
    }

    /** Infers with JSON tensors; {@code extra} is appended to the request's fields. */
    private static Answer inferJson(String extra) {
        StringBuilder data = new StringBuilder();
        for (double value : features) {
            data.append(data.isEmpty() ? "" : ",").append(value);
        }
        String body =
                "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[32,13],"
                        + "\"data\":["
                        + data
                        + "]}]"
                        + extra
                        + "}";
        Answer answer =
                BinaryTensorClient.send(
                        server.request("/v2/models/wine/infer")
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return answer;
    }

    private static String binaryInput() {
        return "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[32,13],"
                + "\"parameters\":{\"binary_data_size\":"
                + ROWS * FEATURES * 4
                + "}}";
    }

    /**
     * The example's rows, repeated and scaled to 32 distinct rows, rounded to multiples of 1/64:
     * such a value is exact as a float and as a double, so its JSON text parses to the very float
     * the binary request sends, however the server rounds.
     */
    private static double[] rows(Path csv) throws IOException {
        List<String> lines =
                Files.readAllLines(csv).stream().filter(line -> !line.isBlank()).toList();
        double[] values = new double[ROWS * FEATURES];
        for (int row = 0; row < ROWS; row++) {
            String[] cells = lines.get(row % lines.size()).split(",");
            double scale = 1 + (row / lines.size()) * 0.03;
            for (int column = 0; column < FEATURES; column++) {
                double value = Double.parseDouble(cells[column]) * scale;
                values[row * FEATURES + column] = Math.round(value * 64) / 64.0;
            }
        }
        return values;
    }

    private static float[] floats() {
        float[] values = new float[features.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) features[i];
        }
        return values;
    }

    private static float[] floats(ByteBuffer bytes, int count) {
        float[] values = new float[count];
        bytes.asFloatBuffer().get(values);
        assertThat(bytes.remaining()).isEqualTo(count * 4);
        return values;
    }

    private static long[] longs(ByteBuffer bytes, int count) {
        long[] values = new long[count];
        bytes.asLongBuffer().get(values);
        assertThat(bytes.remaining()).isEqualTo(count * 8);
        return values;
    }

    /** JSON numbers as floats, converted from their text rather than through a double. */
    private static float[] jsonFloats(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.parseFloat(data.get(i).decimalValue().toString());
        }
        return values;
    }

    private static long[] jsonLongs(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        long[] values = new long[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).longValue();
        }
        return values;
    }
}
