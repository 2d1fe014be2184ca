package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway apply} of an endpoint's batching and async settings, end to end. */
class ApplyServingPolicyTest {

    private static final String SECRET = "s3cr3t-webhook-signing-key";

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void changedSettingsArePatchedWithTheSecretThatIsNeverPrinted() throws Exception {
        Files.writeString(directory.resolve("hook.secret"), SECRET + "\n");
        Path manifest =
                Files.writeString(
                        directory.resolve("wine.yaml"),
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:1
                          batching: {maxBatchSize: 32, maxDelay: 2ms}
                          async:
                            ttl: 1h
                            notifications: {onError: "https://hooks.example/err", secretFile: hook.secret}
                        """);
        server.answer(
                "GET",
                "/api/v1/models/wine",
                200,
                """
                {"name": "wine", "latestVersion": 1, "versions": [{"model": "wine", "version": 1,
                 "format": "onnx", "artifact": {"sha256": "%s"}}]}"""
                        .formatted("1".repeat(64)));
        server.answer(
                "GET",
                "/api/v1/endpoints/wine",
                200,
                """
                {"name": "wine", "model": {"ref": "wine:1", "name": "wine", "version": 1}, "copies": 1,
                 "maxQueue": null, "maxRows": null, "batching": {"maxBatchSize": 1, "maxDelay": "0ms"},
                 "async": {"maxConcurrentPerCopy": 1, "maxAttempts": 3, "ttl": "6h",
                           "invocationTimeout": "15m", "notifications": null},
                 "status": {"state": "ready", "readyCopies": 1, "servingVersion": 1}}""");
        server.answer("PATCH", "/api/v1/endpoints/wine", 200, "{\"name\": \"wine\"}");

        CommandRun dryRun = against(server, "apply", "-f", manifest.toString(), "--dry-run");
        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(dryRun.outLines())
                .first()
                .isEqualTo(
                        "(dry run) endpoint/wine: would be updated (batching.maxBatchSize 1 -> 32,"
                                + " batching.maxDelay 0ms -> 2ms, async.ttl 6h -> 1h,"
                                + " async.notifications (none) -> onError https://hooks.example/err,"
                                + " secret from hook.secret)");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("PATCH", "/api/v1/endpoints/wine").bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
                         "async": {"ttl": "1h",
                                   "notifications": {"onError": "https://hooks.example/err",
                                                     "secret": "%s"}}}"""
                                .formatted(SECRET));
        assertThat(dryRun.out() + dryRun.err() + run.out() + run.err()).doesNotContain(SECRET);
    }
}
