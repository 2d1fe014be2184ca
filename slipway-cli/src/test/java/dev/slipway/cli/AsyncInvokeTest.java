package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.JacksonMappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway invoke --async}: what is sent, what is printed, and {@code --wait}. */
class AsyncInvokeTest {

    static final String ID = "7f3a9c";
    private static final String ASYNC_PATH = "/endpoints/wine/async-invocations";
    private static final String ACCEPTED =
            """
            {"InferenceId": "7f3a9c", "OutputLocation": "slipway://async/7f3a9c/output",
             "FailureLocation": "slipway://async/7f3a9c/failure"}""";
    private static final Path ROWS = Path.of("../examples/wine-mlp-onnx/rows.csv");

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code GET /api/v1/async/{id}} in the given status; {@code extra} adds fields. */
    static String invocation(String status, int attempts, String extra) {
        return """
                {"id": "7f3a9c", "endpoint": "wine", "status": "%s", "inferenceId": "batch-42",
                 "input": "inline", "attempts": %d, "maxAttempts": 3,
                 "createdAt": "2025-01-01T00:00:00Z", "startedAt": null, "completedAt": null,
                 "expiresAt": "2025-01-01T06:00:00Z", "outputLocation": "slipway://async/7f3a9c/output",
                 "failureLocation": "slipway://async/7f3a9c/failure",
                 "notification": {"status": "none", "attempts": 0}%s}"""
                .formatted(status, attempts, extra.isEmpty() ? "" : ", " + extra);
    }

    @Test
    void sendsTheJsonAndTheSageMakerHeadersThenPrintsTheIdAndLocations() {
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);

        CommandRun run =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--data",
                        "{\"instances\": [[1, 2]]}",
                        "--ttl",
                        "90s",
                        "--invocation-timeout",
                        "2m",
                        "--inference-id",
                        "batch-42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        CannedServer.Request sent = server.only("POST", ASYNC_PATH);
        assertThat(sent.bodyText()).isEqualTo("{\"instances\": [[1, 2]]}");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("X-Amzn-SageMaker-RequestTTLSeconds")).isEqualTo("90");
        assertThat(sent.header("X-Amzn-SageMaker-InvocationTimeoutSeconds")).isEqualTo("120");
        assertThat(sent.header("X-Amzn-SageMaker-Inference-Id")).isEqualTo("batch-42");
        assertThat(sent.header("X-Amzn-SageMaker-InputLocation")).isNull();
        assertThat(run.outLines())
                .containsExactly(
                        "Inference ID:      7f3a9c",
                        "Output location:   slipway://async/7f3a9c/output",
                        "Failure location:  slipway://async/7f3a9c/failure");
    }

    @Test
    void sendsCsvRowsAndPrintsTheAnswerAsJsonWhenAsked() throws Exception {
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);

        CommandRun run =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--csv",
                        ROWS.toString(),
                        "-o",
                        "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        CannedServer.Request sent = server.only("POST", ASYNC_PATH);
        assertThat(sent.header("Content-Type")).isEqualTo("text/csv");
        assertThat(sent.body()).isEqualTo(Files.readAllBytes(ROWS));
        assertThat(sent.header("X-Amzn-SageMaker-RequestTTLSeconds")).isNull();
        assertThat(JacksonMappers.JSON.readTree(run.out()))
                .isEqualTo(JacksonMappers.JSON.readTree(ACCEPTED));
    }

    @Test
    void waitPollsUntilItSucceededAndPrintsTheResult() {
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);
        server.answer("GET", "/api/v1/async/" + ID, 200, invocation("queued", 0, ""));
        server.answer("GET", "/api/v1/async/" + ID, 200, invocation("running", 1, ""));
        server.answer(
                "GET",
                "/api/v1/async/" + ID,
                200,
                invocation("succeeded", 1, "\"result\": {\"predictions\": [1, 0]}"));

        CommandRun run =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--data",
                        "{\"instances\": []}",
                        "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().replaceAll("\\s", "")).isEqualTo("{\"predictions\":[1,0]}");
        assertThat(run.err().lines())
                .containsExactly(
                        "async invocation 7f3a9c: accepted (slipway async show 7f3a9c)",
                        "async invocation 7f3a9c: queued",
                        "async invocation 7f3a9c: running (attempt 1 of 3)");
        assertThat(server.routes()).containsOnly("POST " + ASYNC_PATH, "GET /api/v1/async/" + ID);
        assertThat(server.routes()).hasSize(4);
    }

    @Test
    void aResultThatIsNotJsonPrintsAsItCame() {
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);
        server.answer(
                "GET",
                "/api/v1/async/" + ID,
                200,
                invocation(
                        "succeeded",
                        1,
                        "\"outputContentType\": \"text/csv\", \"result\": \"1\\n0\\n\""));

        CommandRun run =
                against(server, "invoke", "wine", "--async", "--csv", ROWS.toString(), "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("1", "0");
    }

    @Test
    void waitExitsOneWithTheServersErrorWhenItFailed() {
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);
        server.answer(
                "GET",
                "/api/v1/async/" + ID,
                200,
                invocation(
                        "failed",
                        3,
                        "\"error\": \"input 'x' has shape [2, 12] but the model expects [-1, 13]\""));

        CommandRun run =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--data",
                        "{\"instances\": []}",
                        "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .endsWith(
                        "error: async invocation 7f3a9c failed after 3 attempts: input 'x' has"
                                + " shape [2, 12] but the model expects [-1, 13]"
                                + System.lineSeparator());
    }

    @Test
    void anInputFileIsUploadedFirstAndNamedInTheInputLocationHeader() throws Exception {
        Path rows = Files.write(directory.resolve("big.csv"), Files.readAllBytes(ROWS));
        String sha = ArtifactDigest.sha256(rows);
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + sha + "\", \"size\": 9}");
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);

        CommandRun run =
                against(server, "invoke", "wine", "--async", "--input-file", rows.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.routes()).containsExactly("POST /api/v1/artifacts", "POST " + ASYNC_PATH);
        assertThat(server.only("POST", "/api/v1/artifacts").body())
                .isEqualTo(Files.readAllBytes(rows));
        CannedServer.Request sent = server.only("POST", ASYNC_PATH);
        assertThat(sent.body()).isEmpty();
        assertThat(sent.header("X-Amzn-SageMaker-InputLocation")).isEqualTo("sha256:" + sha);
        assertThat(sent.header("Content-Type")).isEqualTo("text/csv");
        assertThat(run.out()).contains("Inference ID:      7f3a9c");
        assertThat(run.err()).startsWith("Uploaded " + rows + " (sha256 " + sha.substring(0, 12));
    }

    @Test
    void anInputLocationIsSentWithAnEmptyBody() {
        String sha = "ab".repeat(32);
        server.answer("POST", ASYNC_PATH, 202, ACCEPTED);

        CommandRun run =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--input-location",
                        "sha256:" + sha.toUpperCase(java.util.Locale.ROOT),
                        "--content-type",
                        "text/csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        CannedServer.Request sent = server.only("POST", ASYNC_PATH);
        assertThat(sent.body()).isEmpty();
        assertThat(sent.header("X-Amzn-SageMaker-InputLocation")).isEqualTo("sha256:" + sha);
        assertThat(sent.header("Content-Type")).isEqualTo("text/csv");
    }

    @Test
    void optionsThatNeedAsyncOrWholeSecondsAreUsageErrors() {
        CommandRun wait = against(server, "invoke", "wine", "--data", "{\"inputs\": []}", "--wait");
        CommandRun location =
                against(server, "invoke", "wine", "--input-location", "sha256:" + "a".repeat(64));
        CommandRun ttl =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--async",
                        "--data",
                        "{\"inputs\": []}",
                        "--ttl",
                        "1500ms");
        CommandRun badLocation =
                against(server, "invoke", "wine", "--async", "--input-location", "sha256:abc");
        CommandRun output =
                against(server, "invoke", "wine", "--data", "{\"inputs\": []}", "-o", "json");

        assertThat(wait.exitCode()).isEqualTo(2);
        assertThat(wait.err()).contains("--wait needs --async");
        assertThat(location.exitCode()).isEqualTo(2);
        assertThat(location.err()).contains("--input-location needs --async");
        assertThat(ttl.exitCode()).isEqualTo(2);
        assertThat(ttl.err()).contains("--ttl must be a whole number of seconds");
        assertThat(badLocation.exitCode()).isEqualTo(2);
        assertThat(badLocation.err())
                .contains("--input-location 'sha256:abc' is not sha256:<64 hex digits>");
        assertThat(output.exitCode()).isEqualTo(2);
        assertThat(output.err()).contains("--output needs --async");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRefusedInvocationPrintsTheServersError() {
        server.answer(
                "POST",
                ASYNC_PATH,
                404,
                "{\"error\": \"endpoint 'wine' not found\", \"message\": \"endpoint 'wine' not found\"}");

        CommandRun run =
                against(server, "invoke", "wine", "--async", "--data", "{\"instances\": []}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: endpoint 'wine' not found" + System.lineSeparator());
    }
}
