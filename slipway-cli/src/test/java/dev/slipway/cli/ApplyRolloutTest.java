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

/** {@code slipway apply} with rollouts: the requests that start them and an active one's 409. */
class ApplyRolloutTest {

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    private static String model(String name, int versions, String alias) {
        StringBuilder list = new StringBuilder();
        for (int version = 1; version <= versions; version++) {
            list.append(version > 1 ? "," : "")
                    .append(
                            """
                            {"model": "%s", "version": %d, "format": "onnx",
                             "artifact": {"sha256": "%s"}, "status": "validated"}"""
                                    .formatted(name, version, String.valueOf(version).repeat(64)));
        }
        return """
                {"name": "%s", "aliases": {%s}, "latestVersion": %d, "versions": [%s]}"""
                .formatted(name, alias == null ? "" : "\"" + alias + "\": 1", versions, list);
    }

    private static String endpoint(String name, String ref, int version) {
        return """
                {"name": "%s", "model": {"ref": "%s", "name": "%s", "version": %d}, "copies": 1,
                 "resources": {"cores": 1, "memory": "512Mi"}, "timeout": "30s",
                 "status": {"state": "ready", "readyCopies": 1, "servingVersion": %d}}"""
                .formatted(name, ref, name, version, version);
    }

    @Test
    void aRetrainedModelRegistersAndRollsOutWithOneManifestField() throws Exception {
        Files.writeString(directory.resolve("model.onnx"), "retrained bytes");
        String sha = ArtifactDigest.sha256(directory.resolve("model.onnx"));
        Path manifest =
                Files.writeString(
                        directory.resolve("wine.yaml"),
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: wine}
                        spec:
                          version:
                            file: model.onnx
                            format: onnx
                            aliases: [champion]
                            rollout: {strategy: gradual, steps: [50, 100], bake: 1m}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec: {model: wine@champion}
                        """);
        server.answer("GET", "/api/v1/models/wine", 200, model("wine", 1, "champion"));
        server.answer("GET", "/api/v1/endpoints/wine", 200, endpoint("wine", "wine@champion", 1));
        server.answer("POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + sha + "\"}");
        server.answer(
                "POST",
                "/api/v1/models/wine/versions",
                201,
                "{\"model\": \"wine\", \"version\": 2, \"rollout\": {\"id\": 7}}");
        server.answer(
                "PUT",
                "/api/v1/models/wine/aliases/champion",
                200,
                "{\"model\": \"wine\", \"alias\": \"champion\", \"version\": 2}");

        CommandRun dryRun = against(server, "apply", "-f", manifest.toString(), "--dry-run");
        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(dryRun.outLines().get(0))
                .endsWith("and would start rollout on endpoint/wine (gradual)");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "model/wine: version 2 registered, rollout 7 started on endpoint/wine (gradual)",
                        "alias wine@champion -> 2 (was 1)",
                        "endpoint/wine: unchanged",
                        "1 created, 1 changed, 1 unchanged");
        JsonNode version =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/wine/versions").bodyText());
        assertThat(version.get("rollout").toString())
                .isEqualTo(
                        "{\"endpoint\":\"wine\",\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"1m\"}");
        assertThat(server.routes()).doesNotContain("PATCH /api/v1/endpoints/wine");
    }

    @Test
    void applyingAgainWhileTheRolloutRunsLeavesItAlone() throws Exception {
        Path manifest =
                Files.writeString(
                        directory.resolve("wine.yaml"),
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:2
                          rollout: {strategy: gradual}
                        """);
        server.answer("GET", "/api/v1/models/wine", 200, model("wine", 2, null));
        server.answer("GET", "/api/v1/endpoints/wine", 200, endpoint("wine", "wine:1", 1));
        server.answer(
                "GET",
                "/api/v1/rollouts",
                200,
                "{\"rollouts\": [" + RolloutAnswers.json(RolloutAnswers.baking(0, 10)) + "]}");

        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "endpoint/wine: rollout 7 to wine:2 in progress",
                        "0 created, 0 changed, 1 unchanged");
        assertThat(server.only("GET", "/api/v1/rollouts").query())
                .isEqualTo("endpoint=wine&limit=1");
        assertThat(server.requests())
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    }

    @Test
    void anActiveRolloutIsReportedAndTheOtherObjectsAreStillApplied() throws Exception {
        Path manifest =
                Files.writeString(
                        directory.resolve("endpoints.yaml"),
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:2
                          rollout: {strategy: gradual, steps: [50, 100]}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: fraud}
                        spec: {model: "fraud:1", copies: 2}
                        """);
        server.answer("GET", "/api/v1/models/wine", 200, model("wine", 2, null));
        server.answer("GET", "/api/v1/models/fraud", 200, model("fraud", 1, null));
        server.answer("GET", "/api/v1/endpoints/wine", 200, endpoint("wine", "wine:1", 1));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint("fraud", "fraud:1", 1));
        server.answer(
                "PATCH",
                "/api/v1/endpoints/wine",
                409,
                "{\"error\": \"endpoint 'wine' already has an active rollout (5)\", \"code\": \"ROLLOUT_ACTIVE\"}");
        server.answer("PATCH", "/api/v1/endpoints/fraud", 200, endpoint("fraud", "fraud:1", 1));

        CommandRun dryRun = against(server, "apply", "-f", manifest.toString(), "--dry-run");
        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(dryRun.outLines())
                .contains(
                        "(dry run) endpoint/wine: would start rollout wine:1 -> wine:2 (gradual)");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines())
                .containsExactly(
                        "endpoint/wine: not applied, a rollout is in progress: endpoint 'wine' already"
                                + " has an active rollout (5) (see slipway rollouts list --endpoint wine)",
                        "endpoint/fraud: updated (copies 1 -> 2)",
                        "0 created, 2 changed, 0 unchanged, 1 not applied");
        assertThat(run.err())
                .isEqualTo(
                        "error: not applied because a rollout is in progress: endpoint/wine"
                                + System.lineSeparator());
        assertThat(server.only("PATCH", "/api/v1/endpoints/wine").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"model\": \"wine:2\", \"rollout\": {\"strategy\": \"gradual\", \"steps\": [50, 100]}}");
    }
}
