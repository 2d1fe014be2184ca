package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.JacksonMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {

    private static final String MANIFEST = "../examples/breast-cancer-xgboost/manifest.yaml";
    private static final String SHA =
            ArtifactDigest.sha256(Path.of("../examples/breast-cancer-xgboost/model.json"));
    private static final String VERSION_ONE =
            """
            {"model": "breast-cancer", "version": 1, "format": "xgboost", "artifact": {"sha256": "%s", "size": 1},
             "status": "validated", "aliases": ["champion"]}"""
                    .formatted(SHA);

    private final CannedServer server = CannedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDryRunOnlyReadsAndPrintsThePlan() {
        CommandRun run = against(server, "apply", "-f", MANIFEST, "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests())
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
        assertThat(run.outLines())
                .containsExactly(
                        "(dry run) model/breast-cancer: would be created",
                        "(dry run) model/breast-cancer: a new version would be registered from model.json (sha256 "
                                + SHA.substring(0, 12)
                                + "…)",
                        "(dry run) alias breast-cancer@champion -> the new version",
                        "(dry run) endpoint/breast-cancer: would be created",
                        "(dry run) 4 created, 0 changed, 0 unchanged");
    }

    @Test
    void applyingToAnEmptyServerCreatesInOrder() throws Exception {
        server.answer("PUT", "/api/v1/models/breast-cancer", 201, "{\"name\": \"breast-cancer\"}");
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 1}");
        server.answer("POST", "/api/v1/models/breast-cancer/versions", 201, VERSION_ONE);
        server.answer(
                "PUT",
                "/api/v1/models/breast-cancer/aliases/champion",
                200,
                "{\"model\": \"breast-cancer\", \"alias\": \"champion\", \"version\": 1}");
        server.answer("POST", "/api/v1/endpoints", 201, "{\"name\": \"breast-cancer\"}");

        CommandRun run = against(server, "apply", "-f", MANIFEST);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "model/breast-cancer: created",
                        "model/breast-cancer: version 1 registered",
                        "alias breast-cancer@champion -> 1",
                        "endpoint/breast-cancer: created",
                        "4 created, 0 changed, 0 unchanged");
        assertThat(server.routes())
                .containsExactly(
                        "GET /api/v1/models/breast-cancer",
                        "GET /api/v1/endpoints/breast-cancer",
                        "PUT /api/v1/models/breast-cancer",
                        "POST /api/v1/artifacts",
                        "POST /api/v1/models/breast-cancer/versions",
                        "PUT /api/v1/models/breast-cancer/aliases/champion",
                        "POST /api/v1/endpoints");
        JsonNode metadata =
                JacksonMappers.JSON.readTree(
                        server.only("PUT", "/api/v1/models/breast-cancer").bodyText());
        assertThat(metadata.at("/tags/team").asText()).isEqualTo("demo");
        JsonNode version =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/breast-cancer/versions").bodyText());
        assertThat(version.get("golden")).hasSize(3);
        assertThat(version.at("/lineage/trainingScript").asText()).isEqualTo("train.py");
        assertThat(server.only("POST", "/api/v1/endpoints").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"name\": \"breast-cancer\", \"model\": \"breast-cancer@champion\", \"copies\": 1,"
                                + " \"resources\": {\"cores\": 1.0, \"memory\": \"512Mi\"}, \"timeout\": \"5s\","
                                + " \"batching\": {\"maxBatchSize\": 32, \"maxDelay\": \"2ms\"}}");
    }

    @Test
    void applyingTwiceChangesNothingAndSaysSo() {
        server.answer(
                "GET",
                "/api/v1/models/breast-cancer",
                200,
                """
                {"name": "breast-cancer",
                 "description": "Gradient-boosted classifier on the Wisconsin breast-cancer data",
                 "tags": {"team": "demo"}, "aliases": {"champion": 1}, "latestVersion": 1, "versions": [%s]}"""
                        .formatted(VERSION_ONE));
        server.answer(
                "GET",
                "/api/v1/endpoints/breast-cancer",
                200,
                """
                {"name": "breast-cancer", "model": {"ref": "breast-cancer@champion", "name": "breast-cancer", "version": 1},
                 "copies": 1, "resources": {"cores": 1, "memory": "512Mi"}, "timeout": "5s",
                 "batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
                 "status": {"state": "ready", "readyCopies": 1, "servingVersion": 1}}""");

        CommandRun run = against(server, "apply", "-f", MANIFEST);

        assertThat(run.outLines())
                .containsExactly(
                        "model/breast-cancer: unchanged",
                        "endpoint/breast-cancer: unchanged",
                        "0 created, 0 changed, 2 unchanged");
        assertThat(server.requests())
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    }

    @Test
    void invalidManifestsChangeNothingAndNameTheProblem(@TempDir Path directory) throws Exception {
        Path manifest =
                Files.writeString(
                        directory.resolve("manifest.yaml"),
                        """
                apiVersion: slipway.dev/v1
                kind: Endpoint
                metadata: {name: fraud}
                spec: {model: "fraud:1", copies: -2}
                """);

        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: "
                                + manifest
                                + " document 1: spec.copies must be >= 0"
                                + System.lineSeparator());
        assertThat(server.requests()).isEmpty();
    }

    /** The 422 body as the server sends it: its error object with the report under details. */
    @Test
    void aRefusedVersionStopsTheApplyWithItsMismatches() {
        server.answer("PUT", "/api/v1/models/breast-cancer", 201, "{\"name\": \"breast-cancer\"}");
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 1}");
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions",
                422,
                """
                {"error": "golden example single-row did not match", "code": "VALIDATION_FAILED",
                 "details": {"model": "breast-cancer", "version": 1, "passed": false, "examples": 3,
                   "mismatches": [{"example": "single-row", "output": "probability", "index": 0,
                                   "expected": 0.9, "actual": 0.1, "message": null}]}}""");

        CommandRun run = against(server, "apply", "-f", MANIFEST);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("model/breast-cancer: created");
        assertThat(run.err().lines())
                .containsExactly(
                        "error: model/breast-cancer: version refused: golden example single-row did not match (1 mismatch)",
                        "  example single-row, output probability, index 0: expected 0.9, actual 0.1");
        assertThat(server.routes()).doesNotContain("POST /api/v1/endpoints");
    }

    @Test
    void aServerErrorNamesTheObjectItConcerns() {
        server.answer(
                "PUT",
                "/api/v1/models/breast-cancer",
                403,
                "{\"error\": \"token may not write models\"}");

        CommandRun run = against(server, "apply", "-f", MANIFEST);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: model/breast-cancer: token may not write models"
                                + System.lineSeparator());
    }
}
