package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every datatype the ONNX runtime accepts, over HTTP OIP v2: each Identity model of
 * slipway-runtime-onnx's make_test_models.py returns its input, so the response tensor must equal
 * the request tensor exactly (datatype, shape and every value, written the way the server writes).
 */
class DatatypesIT {
    private static final Path MODELS =
            Path.of("..", "slipway-runtime-onnx", "src", "test", "resources")
                    .toAbsolutePath()
                    .normalize();

    /**
     * Datatype to the data of a [3, 2] tensor: the edges of each type's range, and numbers written
     * as the server writes them (FP16 values exactly representable in half precision).
     */
    private static final Map<String, String> ROUND_TRIPS =
            Map.of(
                    "BOOL", "[true,false,false,true,true,true]",
                    "INT8", "[-128,-1,0,1,42,127]",
                    "UINT8", "[0,1,127,128,200,255]",
                    "INT16", "[-32768,-1,0,1,300,32767]",
                    "INT32", "[-2147483648,-1,0,1,70000,2147483647]",
                    "INT64", "[-9223372036854775808,-1,0,1,1099511627776,9223372036854775807]",
                    "FP16", "[-2.5,-0.0,0.0,1.0,65504.0,9.765625E-4]",
                    "FP32", "[-1.0E30,-0.5,0.0,1.4E-45,3.25,0.1]",
                    "FP64", "[-1.0E300,-0.5,0.0,4.9E-324,3.141592653589793,0.1]",
                    "BYTES", "[\"\",\"a\",\"grüße\",\"日本語\",\"emoji 🚢\",\"comma,quote\\\"\"]");

    /** Types ONNX Runtime returns but its Java API cannot pass in (OnnxDatatypeTest). */
    private static final List<String> WIDE_UNSIGNED = List.of("UINT16", "UINT32", "UINT64");

    @TempDir static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        ROUND_TRIPS
                .keySet()
                .forEach(datatype -> server.deploy(endpoint(datatype), registration(datatype)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> roundTrips() {
        return ROUND_TRIPS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void identityModelAnswersWithTheRequestTensor(String datatype, String data) {
        TestServer.Response response = infer(datatype, data);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode output = response.json().get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("y");
        assertThat(output.get("datatype").asText()).isEqualTo(datatype);
        assertThat(output.get("shape").toString()).isEqualTo("[3,2]");
        assertThat(output.get("data")).as(datatype).isEqualTo(parse(data));
        assertThat(output.get("data").toString()).isEqualTo(parse(data).toString());
    }

    /**
     * Binary tensor data both ways, against bytes written here: a binary input must answer the JSON
     * the JSON input answers, and a JSON input's binary answer must be those bytes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void identityModelTakesAndAnswersBinaryTensorData(String datatype, String data) {
        byte[] bytes = littleEndian(datatype, parse(data));
        String path = "/v2/models/" + endpoint(datatype) + "/infer";

        BinaryTensorClient.Answer binaryIn =
                BinaryTensorClient.post(
                        server,
                        path,
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\""
                                + datatype
                                + "\",\"shape\":[3,2],\"parameters\":{\"binary_data_size\":"
                                + bytes.length
                                + "}}]}",
                        bytes);
        BinaryTensorClient.Answer binaryOut =
                BinaryTensorClient.send(
                        server.request(path)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\""
                                                        + datatype
                                                        + "\",\"shape\":[3,2],\"data\":"
                                                        + data
                                                        + "}],\"outputs\":[{\"name\":\"y\","
                                                        + "\"parameters\":{\"binary_data\":true}}]}")));

        assertThat(binaryIn.status()).as(binaryIn.json().toString()).isEqualTo(200);
        assertThat(server.json(binaryIn.jsonText()).get("outputs").get(0).get("data").toString())
                .isEqualTo(parse(data).toString());
        assertThat(binaryOut.status()).as(binaryOut.json().toString()).isEqualTo(200);
        assertThat(binaryOut.output("y").toString())
                .isEqualTo(
                        "{\"name\":\"y\",\"datatype\":\""
                                + datatype
                                + "\",\"shape\":[3,2],\"parameters\":{\"binary_data_size\":"
                                + bytes.length
                                + "}}");
        assertThat(binaryOut.binary()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void metadataDescribesTheDatatypeTheArtifactDeclares(String datatype) {
        JsonNode metadata = server.get("/v2/models/" + endpoint(datatype)).json();

        assertThat(metadata.get("inputs").toString())
                .isEqualTo("[{\"name\":\"x\",\"datatype\":\"" + datatype + "\",\"shape\":[-1,2]}]");
        assertThat(metadata.get("outputs").toString())
                .isEqualTo("[{\"name\":\"y\",\"datatype\":\"" + datatype + "\",\"shape\":[-1,2]}]");
    }

    @Test
    void wideUnsignedInputsAreRefusedAtRegistrationNamingTheLimitation() {
        for (String datatype : WIDE_UNSIGNED) {
            TestServer.Response registered =
                    server.post(
                            "/api/v1/models/" + endpoint(datatype) + "/versions",
                            registration(datatype).toString());

            assertThat(registered.status()).as(registered.body()).isEqualTo(400);
            assertThat(registered.json().get("code").asText()).isEqualTo("INVALID_ARTIFACT");
            assertThat(registered.json().get("error").asText())
                    .contains(
                            "input 'x' is "
                                    + datatype
                                    + ", which ONNX Runtime's Java API cannot pass to a model");
        }
    }

    @Test
    void anEndpointWithNoCopiesAnswers503() {
        String endpoint = endpoint("FP32") + "-stopped";
        server.post(
                "/api/v1/endpoints",
                "{\"name\":\""
                        + endpoint
                        + "\",\"model\":\""
                        + endpoint("FP32")
                        + ":1\",\"copies\":0}");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                server.get("/api/v1/endpoints/" + endpoint)
                                        .json()
                                        .at("/status/state")
                                        .asText()
                                        .equals("stopped"));

        TestServer.Response response =
                server.post(
                        "/v2/models/" + endpoint + "/infer",
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("error").asText())
                .contains("has no ready copy (state: stopped");
        assertThat(server.get("/v2/models/" + endpoint + "/ready").status()).isEqualTo(503);
    }

    private static TestServer.Response infer(String datatype, String data) {
        String body =
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\""
                        + datatype
                        + "\",\"shape\":[3,2],\"data\":"
                        + data
                        + "}]}";
        return server.post("/v2/models/" + endpoint(datatype) + "/infer", body);
    }

    private static String endpoint(String datatype) {
        return "identity-" + datatype.toLowerCase(Locale.ROOT);
    }

    /** Artifact and format only: ONNX models carry their signature. */
    private static ObjectNode registration(String datatype) {
        String suffix = datatype.equals("BYTES") ? "string" : datatype.toLowerCase(Locale.ROOT);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("artifact")
                .put("sha256", server.upload(MODELS.resolve("identity_" + suffix + ".onnx")));
        body.put("format", "onnx");
        return body;
    }

    /** The extension's layout, written here element by element from the JSON values. */
    private static byte[] littleEndian(String datatype, JsonNode values) {
        ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            switch (datatype) {
                case "BOOL" -> buffer.put((byte) (value.asBoolean() ? 1 : 0));
                case "INT8", "UINT8" -> buffer.put((byte) value.asInt());
                case "INT16" -> buffer.putShort((short) value.asInt());
                case "INT32" -> buffer.putInt(value.asInt());
                case "INT64" -> buffer.putLong(value.asLong());
                case "FP16" -> buffer.putShort(Float.floatToFloat16((float) value.asDouble()));
                case "FP32" -> buffer.putFloat((float) value.asDouble());
                case "FP64" -> buffer.putDouble(value.asDouble());
                case "BYTES" -> {
                    byte[] utf8 = value.asText().getBytes(StandardCharsets.UTF_8);
                    buffer.putInt(utf8.length).put(utf8);
                }
                default -> throw new AssertionError("no layout for " + datatype);
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static JsonNode parse(String json) {
        return server.json("{\"data\":" + json + "}").get("data");
    }
}
