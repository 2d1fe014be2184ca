package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The AWS SDK for Java v2's SageMaker runtime client, configured as a user would for a real
 * SageMaker endpoint except for {@code endpointOverride}, calls {@code InvokeEndpoint} on Slipway:
 * this is the promise of the SageMaker-compatible surface.
 */
class SageMakerSdkIT {
    private static final Path BREAST_CANCER = TestServer.EXAMPLES.resolve("breast-cancer-xgboost");
    private static final Path WINE = TestServer.EXAMPLES.resolve("wine-mlp-onnx");

    @TempDir static Path dataDir;
    static TestServer server;
    static SageMakerRuntimeClient sagemaker;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.deployExample("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost");
        server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
        sagemaker =
                SageMakerRuntimeClient.builder()
                        .endpointOverride(URI.create(server.url()))
                        .region(Region.US_EAST_1)
                        // The server does not check SigV4; the SDK insists on signing anyway.
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.create())
                        .build();
    }

    @AfterAll
    static void stop() {
        sagemaker.close();
        server.close();
    }

    @Test
    void invokeEndpointAsyncQueuesAnInvocationWhoseResultTheStatusApiServes() throws IOException {
        String sha256 = server.upload(BREAST_CANCER.resolve("rows.csv"));

        InvokeEndpointAsyncResponse response =
                sagemaker.invokeEndpointAsync(
                        InvokeEndpointAsyncRequest.builder()
                                .endpointName("breast-cancer")
                                .contentType("text/csv")
                                .inputLocation("sha256:" + sha256)
                                .inferenceId("sdk-1")
                                .build());

        assertThat(response.inferenceId()).isNotBlank();
        assertThat(response.outputLocation())
                .isEqualTo("slipway://async/" + response.inferenceId() + "/output");
        assertThat(response.failureLocation())
                .isEqualTo("slipway://async/" + response.inferenceId() + "/failure");
        org.awaitility.Awaitility.await()
                .until(
                        () ->
                                server.get("/api/v1/async/" + response.inferenceId())
                                        .json()
                                        .get("status")
                                        .asText()
                                        .equals("succeeded"));
        JsonNode result =
                server.get("/api/v1/async/" + response.inferenceId()).json().get("result");
        assertThat(result.get("predictions")).hasSize(3);
    }

    @Test
    void csvRowsPredictWhatOipPredictsForTheSameNumbers() throws IOException {
        byte[] csv = Files.readAllBytes(BREAST_CANCER.resolve("rows.csv"));

        InvokeEndpointResponse response = invoke("breast-cancer", "text/csv", null, csv);

        assertThat(response.invokedProductionVariant()).isEqualTo("v1");
        assertThat(response.contentType()).isEqualTo("application/json");
        JsonNode predictions = json(response).get("predictions");
        JsonNode reference = oipOutput("breast-cancer", rows(csv), "probability");
        assertThat(predictions).hasSize(3);
        for (int row = 0; row < 3; row++) {
            assertThat(predictions.get(row).asDouble())
                    .isCloseTo(reference.get(row).asDouble(), within(1e-5));
        }
        // rows.csv holds the first three rows of the golden "test-batch-8" example.
        JsonNode golden = goldenOutput(BREAST_CANCER, "test-batch-8", "probability");
        for (int row = 0; row < 3; row++) {
            assertThat(predictions.get(row).asDouble())
                    .isCloseTo(golden.get(row).asDouble(), within(1e-5));
        }
    }

    @Test
    void instancesGiveOnePredictionObjectPerRowWithEveryOutput() throws IOException {
        double[][] rows = rows(Files.readAllBytes(WINE.resolve("rows.csv")));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("instances", Json.MAPPER.valueToTree(rows));

        InvokeEndpointResponse response =
                invoke(
                        "wine",
                        "application/json",
                        null,
                        body.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(response.invokedProductionVariant()).isEqualTo("v1");
        JsonNode predictions = json(response).get("predictions");
        JsonNode probabilities = oipOutput("wine", rows, "probabilities");
        JsonNode labels = oipOutput("wine", rows, "label");
        assertThat(predictions).hasSize(rows.length);
        for (int row = 0; row < rows.length; row++) {
            JsonNode prediction = predictions.get(row);
            assertThat(prediction.get("label").isIntegralNumber()).isTrue();
            assertThat(prediction.get("label").asLong()).isEqualTo(labels.get(row).asLong());
            assertThat(prediction.get("probabilities")).hasSize(3);
            for (int k = 0; k < 3; k++) {
                assertThat(prediction.get("probabilities").get(k).asDouble())
                        .isCloseTo(probabilities.get(row * 3 + k).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void anOipBodyGetsTheOipResponse() throws IOException {
        byte[] request = Files.readAllBytes(WINE.resolve("request.json"));

        InvokeEndpointResponse response = invoke("wine", "application/json", null, request);

        JsonNode answer = json(response);
        assertThat(answer.get("model_name").asText()).isEqualTo("wine");
        assertThat(answer.get("model_version").asText()).isEqualTo("1");
        JsonNode direct =
                server.post("/v2/models/wine/infer", new String(request, StandardCharsets.UTF_8))
                        .json();
        assertThat(answer.get("outputs")).isEqualTo(direct.get("outputs"));
        assertThat(answer.get("outputs").get(0).get("shape").toString()).isEqualTo("[2,3]");
    }

    @Test
    void acceptTextCsvGivesOneCsvLinePerRow() throws IOException {
        byte[] csv = Files.readAllBytes(WINE.resolve("rows.csv"));

        InvokeEndpointResponse response = invoke("wine", "text/csv", "text/csv", csv);

        assertThat(response.contentType()).isEqualTo("text/csv");
        List<String> lines = response.body().asUtf8String().lines().toList();
        JsonNode probabilities = oipOutput("wine", rows(csv), "probabilities");
        JsonNode labels = oipOutput("wine", rows(csv), "label");
        assertThat(lines).hasSize(3);
        for (int row = 0; row < 3; row++) {
            // The outputs in signature order: three probabilities, then the label.
            String[] cells = lines.get(row).split(",");
            assertThat(cells).hasSize(4);
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(cells[k]))
                        .isCloseTo(probabilities.get(row * 3 + k).asDouble(), within(1e-6));
            }
            assertThat(cells[3]).isEqualTo(labels.get(row).asText());
        }
    }

    @Test
    void aRowWithTooFewColumnsIsAValidationErrorWithTheServersMessage() {
        byte[] csv = "1.0,2.0,3.0\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> invoke("breast-cancer", "text/csv", null, csv))
                .isInstanceOfSatisfying(
                        ValidationErrorException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("ValidationError");
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .startsWith("CSV line 1 has 3 values, the model expects 30");
                            assertThat(e.getMessage()).contains("CSV line 1 has 3 values");
                        });
    }

    @Test
    void anUnknownEndpointIsA404() {
        byte[] csv = "1.0\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> invoke("no-such-endpoint", "text/csv", null, csv))
                .isInstanceOfSatisfying(
                        ValidationErrorException.class,
                        e -> {
                            // Real SageMaker also calls an unknown endpoint a ValidationError.
                            assertThat(e.statusCode()).isEqualTo(404);
                            assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("endpoint 'no-such-endpoint' does not exist");
                        });
    }

    private static InvokeEndpointResponse invoke(
            String endpoint, String contentType, String accept, byte[] body) {
        return sagemaker.invokeEndpoint(
                request ->
                        request.endpointName(endpoint)
                                .contentType(contentType)
                                .accept(accept)
                                .body(SdkBytes.fromByteArray(body)));
    }

    private static JsonNode json(InvokeEndpointResponse response) {
        try {
            return Json.MAPPER.readTree(response.body().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(response.body().asUtf8String(), e);
        }
    }

    private static double[][] rows(byte[] csv) {
        return new String(csv, StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .map(
                        line ->
                                Arrays.stream(line.split(","))
                                        .mapToDouble(Double::parseDouble)
                                        .toArray())
                .toArray(double[][]::new);
    }

    /** The flat data of one output that OIP v2 inference answers for the same rows. */
    private static JsonNode oipOutput(String endpoint, double[][] rows, String output) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(rows.length).add(rows[0].length);
        ArrayNode data = input.putArray("data");
        for (double[] row : rows) {
            for (double value : row) {
                data.add(value);
            }
        }
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.putArray("inputs").add(input);
        TestServer.Response response =
                server.post("/v2/models/" + endpoint + "/infer", request.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode candidate : response.json().get("outputs")) {
            if (candidate.get("name").asText().equals(output)) {
                return candidate.get("data");
            }
        }
        throw new AssertionError("no output " + output + " in " + response.body());
    }

    private static JsonNode goldenOutput(Path example, String name, String output)
            throws IOException {
        for (JsonNode golden : TestServer.golden(example.resolve("golden.jsonl"))) {
            if (golden.get("name").asText().equals(name)) {
                for (JsonNode expected : golden.get("expected").get("outputs")) {
                    if (expected.get("name").asText().equals(output)) {
                        return expected.get("data");
                    }
                }
            }
        }
        throw new AssertionError("no golden " + name + "/" + output + " in " + example);
    }
}
