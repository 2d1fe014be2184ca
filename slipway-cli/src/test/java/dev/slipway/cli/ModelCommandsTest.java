package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelCommandsTest {

    private static final String EXAMPLE = "../examples/breast-cancer-xgboost/";
    private static final String SHA =
            "abc123def4567890abc123def4567890abc123def4567890abc123def4567890";
    private static final String VERSION_ONE =
            """
            {"model": "breast-cancer", "version": 1, "format": "xgboost",
             "artifact": {"sha256": "%s", "size": 5000}, "goldenExamples": 3, "status": "validated",
             "signature": {"inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 30]}],
                           "outputs": [{"name": "probability", "datatype": "FP32", "shape": [-1]}]},
             "tags": {"framework": "xgboost"}, "lineage": {"dataset": "wisconsin"}, "metrics": {"accuracy": 0.9561},
             "runtimeParameters": {"predictor": "xgboost4j"}, "aliases": ["champion"], "createdAt": "2025-01-01T00:00:00Z"}"""
                    .formatted(SHA);

    private final CannedServer server = CannedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private void acceptRegistration() {
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 5000}");
        server.answer("POST", "/api/v1/models/breast-cancer/versions", 201, VERSION_ONE);
    }

    @Test
    void registerUploadsTheArtifactThenRegistersTheVersion() throws Exception {
        acceptRegistration();

        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost",
                        "--signature",
                        EXAMPLE + "signature.yaml",
                        "--golden",
                        EXAMPLE + "golden.jsonl",
                        "--description",
                        "50 trees",
                        "--tag",
                        "framework=xgboost",
                        "--lineage",
                        "dataset=wisconsin",
                        "--metric",
                        "accuracy=0.9561",
                        "--runtime-parameter",
                        "predictor=xgboost4j");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo(
                        "Registered breast-cancer:1 (sha256 abc123def456…, status validated)"
                                + System.lineSeparator());
        assertThat(server.routes())
                .containsExactly(
                        "POST /api/v1/artifacts", "POST /api/v1/models/breast-cancer/versions");
        assertThat(server.only("POST", "/api/v1/artifacts").body())
                .isEqualTo(
                        java.nio.file.Files.readAllBytes(
                                java.nio.file.Path.of(EXAMPLE + "model.json")));
        JsonNode request =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/breast-cancer/versions").bodyText());
        assertThat(request.at("/artifact/sha256").asText()).isEqualTo(SHA);
        assertThat(request.get("format").asText()).isEqualTo("xgboost");
        assertThat(request.at("/signature/inputs/0/shape").toString()).isEqualTo("[-1,30]");
        assertThat(request.get("golden")).hasSize(3);
        assertThat(request.get("description").asText()).isEqualTo("50 trees");
        assertThat(request.at("/tags/framework").asText()).isEqualTo("xgboost");
        assertThat(request.at("/lineage/dataset").asText()).isEqualTo("wisconsin");
        assertThat(request.at("/metrics/accuracy").asDouble()).isEqualTo(0.9561);
        assertThat(request.at("/runtimeParameters/predictor").asText()).isEqualTo("xgboost4j");
        assertThat(request.get("validate").asBoolean()).isTrue();
    }

    @Test
    void registerQuietPrintsOnlyTheVersionNumberAndNoValidateIsSent() throws Exception {
        acceptRegistration();

        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "-q",
                        "--no-validate",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost");

        assertThat(run.out()).isEqualTo("1" + System.lineSeparator());
        JsonNode request =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/breast-cancer/versions").bodyText());
        assertThat(request.get("validate").asBoolean()).isFalse();
        assertThat(request.has("signature")).isFalse();
    }

    @Test
    void aRefusedValidationPrintsEachMismatchAndExitsOne() {
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 5000}");
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions",
                422,
                """
                {"model": "breast-cancer", "version": 2, "passed": false, "examples": 3, "mismatches": [
                  {"example": "single-row", "output": "probability", "index": 0, "expected": 0.91, "actual": 0.42},
                  {"example": "test-batch", "output": "probability", "index": 3, "expected": 0.1, "actual": 0.7}]}""");

        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost",
                        "--golden",
                        EXAMPLE + "golden.jsonl");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines())
                .containsExactly(
                        "error: version refused: the golden examples did not match (2 mismatches)",
                        "  example single-row, output probability, index 0: expected 0.91, actual 0.42",
                        "  example test-batch, output probability, index 3: expected 0.1, actual 0.7");
    }

    @Test
    void aMissingArtifactFailsBeforeAnyCall() {
        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "fraud",
                        "--file",
                        "nowhere.onnx",
                        "--format",
                        "onnx");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: nowhere.onnx: file not found" + System.lineSeparator());
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aBadFormatIsAUsageError() {
        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "fraud",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "X G");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format 'X G' is not a format name");
    }

    @Test
    void listShowsATable() {
        server.answer(
                "GET",
                "/api/v1/models",
                200,
                """
                {"models": [{"name": "breast-cancer", "description": "classifier", "aliases": {"champion": 1},
                             "latestVersion": 1, "updatedAt": "2025-01-01T00:00:00Z"}]}""");

        CommandRun run = against(server, "models", "list");

        assertThat(run.outLines())
                .containsExactly(
                        "NAME           LATEST  ALIASES     DESCRIPTION  UPDATED",
                        "breast-cancer  1       champion=1  classifier   2025-01-01T00:00:00Z");
    }

    @Test
    void showANameListsItsVersions() {
        server.answer(
                "GET",
                "/api/v1/models/breast-cancer",
                200,
                """
                {"name": "breast-cancer", "description": "classifier", "tags": {"team": "demo"},
                 "aliases": {"champion": 1}, "latestVersion": 1, "versions": [%s]}"""
                        .formatted(VERSION_ONE));

        CommandRun run = against(server, "models", "show", "breast-cancer");

        assertThat(run.out())
                .contains(
                        "Name:            breast-cancer",
                        "Aliases:         champion=1",
                        "Tags:            team=demo");
        assertThat(run.out()).containsPattern("1 +xgboost +validated +abc123def456… +champion");
    }

    @Test
    void showAVersionPrintsItsSignatureAndDetails() {
        server.answer("GET", "/api/v1/models/breast-cancer/versions/1", 200, VERSION_ONE);

        CommandRun run = against(server, "models", "show", "breast-cancer:1");

        assertThat(run.out())
                .contains(
                        "Artifact:            sha256 " + SHA + ", 5000 bytes",
                        "Lineage:             dataset=wisconsin",
                        "Metrics:             accuracy=0.9561",
                        "Runtime parameters:  predictor=xgboost4j",
                        "Status:              validated");
        assertThat(run.out()).containsPattern("input +input +FP32 +\\[-1, 30\\]");
        assertThat(run.out()).containsPattern("output +probability +FP32 +\\[-1\\]");
    }

    @Test
    void showAnAliasAsJson() throws Exception {
        server.answer("GET", "/api/v1/models/breast-cancer/aliases/champion", 200, VERSION_ONE);

        CommandRun run = against(server, "models", "show", "breast-cancer@champion", "-o", "json");

        assertThat(JacksonMappers.JSON.readTree(run.out()).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aliasMovesTheAlias() {
        server.answer(
                "PUT",
                "/api/v1/models/breast-cancer/aliases/champion",
                200,
                "{\"model\": \"breast-cancer\", \"alias\": \"champion\", \"version\": 2}");

        CommandRun run = against(server, "models", "alias", "breast-cancer", "2", "champion");

        assertThat(run.out())
                .isEqualTo("alias breast-cancer@champion -> 2" + System.lineSeparator());
        assertThat(server.only("PUT", "/api/v1/models/breast-cancer/aliases/champion").bodyText())
                .isEqualToIgnoringWhitespace("{\"version\": 2}");
    }

    @Test
    void validatePrintsPassed() {
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions/1/validate",
                200,
                "{\"model\": \"breast-cancer\", \"version\": 1, \"passed\": true, \"examples\": 3, \"mismatches\": []}");

        CommandRun run = against(server, "models", "validate", "breast-cancer:1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("PASSED (3 golden examples)" + System.lineSeparator());
    }

    @Test
    void validatePrintsEachMismatchAndExitsOneOnFailure() {
        server.answer("GET", "/api/v1/models/breast-cancer/aliases/champion", 200, VERSION_ONE);
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions/1/validate",
                200,
                """
                {"model": "breast-cancer", "version": 1, "passed": false, "examples": 3, "mismatches": [
                  {"example": "single-row", "output": "probability", "index": 0, "expected": 0.91, "actual": 0.42}]}""");

        CommandRun run = against(server, "models", "validate", "breast-cancer@champion");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines())
                .containsExactly(
                        "FAILED (3 golden examples, 1 mismatch)",
                        "example single-row, output probability, index 0: expected 0.91, actual 0.42");
    }

    @Test
    void aMissingModelIsTheServersMessage() {
        server.answer(
                "GET",
                "/api/v1/models/nope",
                404,
                "{\"error\": \"model 'nope' not found\", \"code\": \"MODEL_NOT_FOUND\"}");

        CommandRun run = against(server, "models", "show", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: model 'nope' not found" + System.lineSeparator());
    }
}
