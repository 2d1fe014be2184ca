package dev.slipway.cli;

import static dev.slipway.cli.AsyncInvokeTest.invocation;
import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code slipway async show} and {@code slipway async list}. */
class AsyncCommandTest {

    private final CannedServer server = CannedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listPrintsOneRowPerInvocationAndSendsTheFilters() {
        server.answer(
                "GET",
                "/api/v1/async",
                200,
                """
                {"invocations": [
                  {"id": "7f3a9c", "endpoint": "wine", "status": "succeeded", "attempts": 1, "maxAttempts": 3,
                   "createdAt": "2025-01-01T00:00:00Z", "completedAt": "2025-01-01T00:00:02Z"},
                  {"id": "b41e07", "endpoint": "wine", "status": "queued", "attempts": 0, "maxAttempts": 3,
                   "createdAt": "2025-01-01T00:00:01Z", "completedAt": null}]}""");

        CommandRun run =
                against(
                        server,
                        "async",
                        "list",
                        "--endpoint",
                        "wine",
                        "--status",
                        "Succeeded",
                        "--limit",
                        "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("GET", "/api/v1/async").query())
                .isEqualTo("endpoint=wine&status=succeeded&limit=10");
        assertThat(run.outLines())
                .containsExactly(
                        "ID      ENDPOINT  STATUS     ATTEMPTS  CREATED               COMPLETED",
                        "7f3a9c  wine      succeeded  1 of 3    2025-01-01T00:00:00Z  2025-01-01T00:00:02Z",
                        "b41e07  wine      queued     0 of 3    2025-01-01T00:00:01Z  -");
    }

    @Test
    void listWithoutFiltersSendsTheDefaultLimitAndSaysWhenThereAreNone() {
        server.answer("GET", "/api/v1/async", 200, "{\"invocations\": []}");

        CommandRun run = against(server, "async", "list");

        assertThat(run.out()).isEqualTo("No async invocations." + System.lineSeparator());
        assertThat(server.only("GET", "/api/v1/async").query()).isEqualTo("limit=100");
    }

    @Test
    void anUnknownStatusIsAUsageError() {
        CommandRun run = against(server, "async", "list", "--status", "done");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "--status 'done' is not one of expired, failed, queued, running, succeeded");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void showPrintsTheDetailsAndTheResult() {
        server.answer(
                "GET",
                "/api/v1/async/7f3a9c",
                200,
                invocation(
                                "succeeded",
                                1,
                                "\"outputContentType\": \"application/json\", \"result\": {\"predictions\": [2]}")
                        .replace(
                                "\"notification\": {\"status\": \"none\", \"attempts\": 0}",
                                "\"notification\": {\"status\": \"sent\", \"attempts\": 1}"));

        CommandRun run = against(server, "async", "show", "7f3a9c");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .contains(
                        "ID:                7f3a9c",
                        "Status:            succeeded",
                        "Caller's ID:       batch-42",
                        "Input:             inline",
                        "Attempts:          1 of 3",
                        "Output location:   slipway://async/7f3a9c/output",
                        "Output type:       application/json",
                        "Notification:      sent (1 attempt)",
                        "Result:");
        assertThat(run.out().replaceAll("\\s", "")).endsWith("Result:{\"predictions\":[2]}");
    }

    @Test
    void showFetchesTheOutputWhenTheServerLeavesTheResultOut() {
        server.answer("GET", "/api/v1/async/7f3a9c", 200, invocation("succeeded", 1, ""));
        server.answer("GET", "/api/v1/async/7f3a9c/output", 200, "[1, 0]");

        CommandRun run = against(server, "async", "show", "7f3a9c");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().replaceAll("\\s", "")).endsWith("Result:[1,0]");
    }

    @Test
    void showWaitExitsOneWhenTheInvocationExpired() {
        server.answer(
                "GET",
                "/api/v1/async/7f3a9c",
                200,
                invocation("expired", 0, "\"error\": \"waited longer than its ttl of 6h\""));

        CommandRun run = against(server, "async", "show", "7f3a9c", "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Status:            expired");
        assertThat(run.err())
                .isEqualTo(
                        "error: async invocation 7f3a9c expired: waited longer than its ttl of 6h"
                                + System.lineSeparator());
    }

    @Test
    void showAsJsonKeepsTheResultAsJson() throws Exception {
        server.answer(
                "GET",
                "/api/v1/async/7f3a9c",
                200,
                invocation("succeeded", 1, "\"result\": {\"predictions\": [2]}"));

        CommandRun run = against(server, "async", "show", "7f3a9c", "-o", "json");

        assertThat(JacksonMappers.JSON.readTree(run.out()).at("/result/predictions/0").asInt())
                .isEqualTo(2);
        assertThat(JacksonMappers.JSON.readTree(run.out()).get("status").asText())
                .isEqualTo("succeeded");
    }
}
