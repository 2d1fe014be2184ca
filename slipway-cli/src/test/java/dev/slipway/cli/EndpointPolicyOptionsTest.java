package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batching, queue and async options of {@code endpoints create} and {@code update}. */
class EndpointPolicyOptionsTest {

    private static final String SECRET = "s3cr3t-webhook-signing-key";

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    private static String endpoint(String notifications) {
        return EndpointCommandsTest.endpoint(1, "ready", 1, 2, null)
                .replace(
                        "\"notifications\": {\"onSuccess\": \"https://hooks.example/ok\","
                                + " \"onError\": null, \"secretSet\": true}",
                        "\"notifications\": " + notifications);
    }

    @Test
    void createSendsEveryPolicyOptionGivenWithTheSecretReadFromItsFile() throws Exception {
        Path secretFile = Files.writeString(directory.resolve("hook.secret"), "  " + SECRET + "\n");
        server.answer(
                "POST",
                "/api/v1/endpoints",
                201,
                EndpointCommandsTest.endpoint(1, "pending", 0, null, null));

        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "create",
                        "fraud",
                        "--model",
                        "fraud:2",
                        "--max-batch-size",
                        "32",
                        "--max-delay",
                        "2ms",
                        "--max-queue",
                        "256",
                        "--max-rows",
                        "1000",
                        "--async-max-concurrency",
                        "2",
                        "--async-max-attempts",
                        "5",
                        "--async-ttl",
                        "360m",
                        "--async-invocation-timeout",
                        "900s",
                        "--notify-success",
                        "https://hooks.example/ok",
                        "--notify-error",
                        "https://hooks.example/err",
                        "--notify-secret-file",
                        secretFile.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", "/api/v1/endpoints").bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"name": "fraud", "model": "fraud:2", "maxQueue": 256, "maxRows": 1000,
                         "batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
                         "async": {"maxConcurrentPerCopy": 2, "maxAttempts": 5, "ttl": "6h",
                                   "invocationTimeout": "15m",
                                   "notifications": {"onSuccess": "https://hooks.example/ok",
                                                     "onError": "https://hooks.example/err",
                                                     "secret": "%s"}}}"""
                                .formatted(SECRET));
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
    }

    @Test
    void updateSendsOnlyTheAsyncFieldsGiven() {
        server.answer("PATCH", "/api/v1/endpoints/fraud", 200, endpoint("null"));

        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--async-ttl",
                        "2h",
                        "--max-delay",
                        "0ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("PATCH", "/api/v1/endpoints/fraud").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"batching\": {\"maxDelay\": \"0s\"}, \"async\": {\"ttl\": \"2h\"}}");
    }

    @Test
    void noNotificationsSendsThemAsNull() {
        server.answer("PATCH", "/api/v1/endpoints/fraud", 200, endpoint("null"));

        CommandRun run = against(server, "endpoints", "update", "fraud", "--no-notifications");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("PATCH", "/api/v1/endpoints/fraud").bodyText())
                .isEqualToIgnoringWhitespace("{\"async\": {\"notifications\": null}}");
    }

    @Test
    void noNotificationsCannotBeCombinedWithNotifyOptions() {
        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--no-notifications",
                        "--notify-success",
                        "https://hooks.example/ok");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-notifications removes the webhooks");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void webhooksNeedTheSecretFileAndASecretNeedsAWebhook() throws Exception {
        Path secretFile = Files.writeString(directory.resolve("hook.secret"), SECRET);

        CommandRun urlOnly =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--notify-success",
                        "https://hooks.example/ok");
        CommandRun secretOnly =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--notify-secret-file",
                        secretFile.toString());

        assertThat(urlOnly.exitCode()).isEqualTo(2);
        assertThat(urlOnly.err()).contains("need --notify-secret-file");
        assertThat(secretOnly.exitCode()).isEqualTo(2);
        assertThat(secretOnly.err())
                .contains("--notify-secret-file needs --notify-success, --notify-error or both")
                .doesNotContain(SECRET);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aMissingOrEmptySecretFileFailsBeforeSendingAndNamesOnlyTheFile() throws Exception {
        Path missing = directory.resolve("missing.secret");
        Path empty = Files.writeString(directory.resolve("empty.secret"), " \n");

        CommandRun notFound =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--notify-error",
                        "https://hooks.example/err",
                        "--notify-secret-file",
                        missing.toString());
        CommandRun blank =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--notify-error",
                        "https://hooks.example/err",
                        "--notify-secret-file",
                        empty.toString());

        assertThat(notFound.exitCode()).isEqualTo(1);
        assertThat(notFound.err())
                .isEqualTo("error: " + missing + ": file not found" + System.lineSeparator());
        assertThat(blank.exitCode()).isEqualTo(1);
        assertThat(blank.err()).contains(empty + ": is empty");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void outOfRangeValuesAreUsageErrors() {
        assertThat(usageError("--max-batch-size", "0")).contains("--max-batch-size must be >= 1");
        assertThat(usageError("--max-queue", "0")).contains("--max-queue must be >= 1");
        assertThat(usageError("--async-max-attempts", "0"))
                .contains("--async-max-attempts must be >= 1");
        assertThat(usageError("--async-ttl", "0s")).contains("--async-ttl must be more than 0");
        assertThat(usageError("--max-delay", "soon")).contains("duration 'soon' is not valid");
        assertThat(usageError("--notify-success", "ftp://hooks.example/ok"))
                .contains("'ftp://hooks.example/ok' is not an http:// or https:// URL with a host");
        assertThat(server.requests()).isEmpty();
    }

    private String usageError(String option, String value) {
        CommandRun run = against(server, "endpoints", "update", "fraud", option, value);
        assertThat(run.exitCode()).as(option).isEqualTo(2);
        return run.err();
    }

    @Test
    void showSaysWhenThereAreNoNotificationsAndBatchingIsOff() {
        server.answer(
                "GET",
                "/api/v1/endpoints/fraud",
                200,
                endpoint("null")
                        .replace(
                                "\"maxBatchSize\": 32, \"maxDelay\": \"2ms\"",
                                "\"maxBatchSize\": 1, \"maxDelay\": \"0ms\"")
                        .replace("\"maxQueue\": 256", "\"maxQueue\": null"));

        CommandRun run = against(server, "endpoints", "show", "fraud");

        assertThat(run.outLines())
                .contains(
                        "Batching:           off",
                        "Max queue:          server default",
                        "Notifications:      none");
    }
}
