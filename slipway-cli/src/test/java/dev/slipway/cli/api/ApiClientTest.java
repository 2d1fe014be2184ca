package dev.slipway.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.CannedServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiClientTest {

    private final CannedServer server = CannedServer.start();
    private final SlipwayApi api = new SlipwayApi(new ApiClient(server.uri(), "secret-token"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheBearerTokenAndMapsTheAnswer() {
        server.answer(
                "GET",
                "/api/v1/models",
                200,
                "{\"models\": [{\"name\": \"fraud\", \"aliases\": {\"champion\": 2}, \"latestVersion\": 2, \"future\": true}]}");

        List<Model> models = api.listModels();

        assertThat(models)
                .singleElement()
                .satisfies(
                        model -> {
                            assertThat(model.name()).isEqualTo("fraud");
                            assertThat(model.aliases()).containsEntry("champion", 2);
                            assertThat(model.tags()).isEmpty();
                            assertThat(model.versions()).isEmpty();
                        });
        assertThat(server.only("GET", "/api/v1/models").header("Authorization"))
                .isEqualTo("Bearer secret-token");
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() {
        server.answer("GET", "/api/v1/endpoints", 200, "{\"endpoints\": []}");

        new SlipwayApi(new ApiClient(server.uri(), null)).listEndpoints();

        assertThat(server.only("GET", "/api/v1/endpoints").header("Authorization")).isNull();
    }

    @Test
    void turnsAnErrorBodyIntoAnApiExceptionWithTheServersMessage() {
        server.answer(
                "GET",
                "/api/v1/models/fraud",
                409,
                "{\"error\": \"model 'fraud' is being deleted\", \"code\": \"CONFLICT\"}");

        assertThatThrownBy(() -> api.getModel("fraud"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        failure -> {
                            assertThat(failure.status()).isEqualTo(409);
                            assertThat(failure.getMessage())
                                    .isEqualTo("model 'fraud' is being deleted");
                            assertThat(failure.code()).isEqualTo("CONFLICT");
                        });
    }

    @Test
    void anErrorWithoutAJsonBodyNamesTheStatusAndCall() {
        server.answer("POST", "/api/v1/endpoints", 502, "<html>Bad gateway</html>");

        assertThatThrownBy(
                        () ->
                                api.createEndpoint(
                                        new EndpointSpec("x", "fraud:1", null, null, null)))
                .isInstanceOf(ApiException.class)
                .hasMessage("HTTP 502 from POST /api/v1/endpoints: <html>Bad gateway</html>");
    }

    @Test
    void aMissing401TokenGetsAHint() {
        server.answer(
                "GET",
                "/api/v1/models",
                401,
                "{\"error\": \"missing bearer token\", \"code\": \"UNAUTHORIZED\"}");

        assertThatThrownBy(() -> new SlipwayApi(new ApiClient(server.uri(), null)).listModels())
                .hasMessage(
                        "missing bearer token (no token given: use --token, SLIPWAY_TOKEN or SLIPWAY_DATA_DIR)");
    }

    @Test
    void findAnswersEmptyOn404() {
        server.answer(
                "GET",
                "/api/v1/endpoints/fraud",
                404,
                "{\"error\": \"endpoint 'fraud' not found\"}");

        assertThat(api.findEndpoint("fraud")).isEmpty();
        assertThat(api.findModel("fraud")).isEmpty();
    }

    @Test
    void encodesNamesInPaths() {
        server.answer("GET", "/api/v1/models/fraud%20score", 200, "{\"name\": \"fraud score\"}");

        assertThat(api.getModel("fraud score").name()).isEqualTo("fraud score");
    }

    @Test
    void uploadsTheArtifactBytesAsOctetStream(@TempDir Path directory) throws Exception {
        Path file = Files.write(directory.resolve("model.onnx"), new byte[] {1, 2, 3, 4});
        server.answer("POST", "/api/v1/artifacts", 201, "{\"sha256\": \"abc\", \"size\": 4}");

        ModelVersion.Artifact artifact = api.uploadArtifact(file);

        assertThat(artifact).isEqualTo(new ModelVersion.Artifact("abc", 4L));
        CannedServer.Request upload = server.only("POST", "/api/v1/artifacts");
        assertThat(upload.body()).containsExactly(1, 2, 3, 4);
        assertThat(upload.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(upload.header("Authorization")).isEqualTo("Bearer secret-token");
    }

    @Test
    void sendsJsonBodiesWithoutNullFields() {
        server.answer(
                "PATCH", "/api/v1/endpoints/fraud", 200, "{\"name\": \"fraud\", \"copies\": 3}");

        Endpoint updated =
                api.updateEndpoint("fraud", new EndpointSpec("ignored", null, 3, null, null));

        assertThat(updated.copies()).isEqualTo(3);
        CannedServer.Request patch = server.only("PATCH", "/api/v1/endpoints/fraud");
        assertThat(patch.bodyText()).isEqualToIgnoringWhitespace("{\"copies\": 3}");
        assertThat(patch.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void a422WithAReportBecomesAValidationFailure() {
        server.answer(
                "POST",
                "/api/v1/models/fraud/versions",
                422,
                """
                {"model": "fraud", "version": 0, "passed": false, "examples": 2,
                 "mismatches": [{"example": "first", "output": "probability", "index": 1,
                                 "expected": 0.91, "actual": 0.42, "message": "not close"}]}""");
        VersionRequest request =
                new VersionRequest(
                        new VersionRequest.ArtifactReference("abc"),
                        "onnx",
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        null,
                        true);

        assertThatThrownBy(() -> api.registerVersion("fraud", request))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        failure -> {
                            assertThat(failure.getMessage())
                                    .isEqualTo(
                                            "version refused: the golden examples did not match (1 mismatch)");
                            assertThat(failure.report().mismatches())
                                    .singleElement()
                                    .satisfies(
                                            mismatch ->
                                                    assertThat(mismatch.actual().asDouble())
                                                            .isEqualTo(0.42));
                        });
        assertThat(server.only("POST", "/api/v1/models/fraud/versions").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"artifact\": {\"sha256\": \"abc\"}, \"format\": \"onnx\", \"validate\": true}");
    }

    @Test
    void a422WithoutAReportStaysAnApiError() {
        server.answer(
                "POST",
                "/api/v1/endpoints",
                422,
                "{\"error\": \"copies exceed the node's capacity\"}");

        assertThatThrownBy(
                        () -> api.createEndpoint(new EndpointSpec("x", "fraud:1", 99, null, null)))
                .isInstanceOf(ApiException.class)
                .hasMessage("copies exceed the node's capacity");
    }

    @Test
    void aDeleteAnswering204IsFine() {
        server.answer("DELETE", "/api/v1/endpoints/fraud", 204, null);

        api.deleteEndpoint("fraud");

        assertThat(server.routes()).containsExactly("DELETE /api/v1/endpoints/fraud");
    }

    @Test
    void dataPlaneCallsReturnTheRawAnswer() {
        server.answer("POST", "/v2/models/fraud/infer", 200, "{\"outputs\": []}");
        server.answer("POST", "/endpoints/fraud/invocations", 200, "[0.5]");

        assertThat(api.infer("fraud", "{\"inputs\": []}".getBytes()))
                .isEqualTo("{\"outputs\": []}");
        assertThat(api.invoke("fraud", "1,2\n".getBytes(), "text/csv")).isEqualTo("[0.5]");
        assertThat(server.only("POST", "/endpoints/fraud/invocations").header("Content-Type"))
                .isEqualTo("text/csv");
    }

    @Test
    void anUnreachableServerIsAnApiErrorNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> new SlipwayApi(new ApiClient(nowhere, null)).listModels())
                .isInstanceOfSatisfying(
                        ApiException.class,
                        failure -> {
                            assertThat(failure.status()).isEqualTo(ApiException.NO_ANSWER);
                            assertThat(failure.getMessage())
                                    .startsWith("cannot reach the Slipway server at " + nowhere);
                        });
    }

    @Test
    void keepsAPathPrefixOfTheServerUrl() {
        server.answer("GET", "/slipway/api/v1/models", 200, "{\"models\": []}");

        new SlipwayApi(new ApiClient(URI.create(server.uri() + "/slipway/"), null)).listModels();

        assertThat(server.routes()).containsExactly("GET /slipway/api/v1/models");
    }
}
