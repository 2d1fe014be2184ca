package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointCommandsTest {

    private final CannedServer server = CannedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    static String endpoint(
            int copies, String state, int readyCopies, Integer servingVersion, String message) {
        return """
                {"name": "fraud", "model": {"ref": "fraud@champion", "name": "fraud", "version": 2},
                 "copies": %d, "resources": {"cores": 1, "memory": "1Gi"}, "timeout": "5s", "generation": 1,
                 "maxQueue": 256, "maxRows": null, "batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
                 "async": {"maxConcurrentPerCopy": 2, "maxAttempts": 3, "ttl": "6h", "invocationTimeout": "15m",
                           "notifications": {"onSuccess": "https://hooks.example/ok", "onError": null, "secretSet": true}},
                 "status": {"state": "%s", "readyCopies": %d, "servingVersion": %s, "message": %s},
                 "urls": {"infer": "http://127.0.0.1:8080/v2/models/fraud/infer",
                          "invocations": "http://127.0.0.1:8080/endpoints/fraud/invocations"},
                 "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}"""
                .formatted(
                        copies,
                        state,
                        readyCopies,
                        servingVersion,
                        message == null ? "null" : "\"" + message + "\"");
    }

    @Test
    void createSendsTheGivenSpecAndWaitsUntilReady() {
        server.answer("POST", "/api/v1/endpoints", 201, endpoint(1, "pending", 0, null, null));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint(1, "loading", 0, null, null));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint(1, "ready", 1, 2, null));

        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "create",
                        "fraud",
                        "--model",
                        "fraud@champion",
                        "--copies",
                        "1",
                        "--memory",
                        "1024Mi",
                        "--timeout",
                        "5000ms",
                        "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", "/api/v1/endpoints").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"name\": \"fraud\", \"model\": \"fraud@champion\", \"copies\": 1,"
                                + " \"resources\": {\"memory\": \"1Gi\"}, \"timeout\": \"5s\"}");
        assertThat(run.outLines())
                .containsExactly(
                        "endpoint/fraud: created (model fraud@champion (2), 1 copy)",
                        "endpoint/fraud: ready (1/1 copies ready, serving version 2)",
                        "  infer:        http://127.0.0.1:8080/v2/models/fraud/infer",
                        "  invocations:  http://127.0.0.1:8080/endpoints/fraud/invocations");
        assertThat(run.err()).contains("endpoint/fraud: loading (0/1 copies ready)");
    }

    @Test
    void waitingForAFailedEndpointExitsOneWithItsMessage() {
        server.answer("POST", "/api/v1/endpoints", 201, endpoint(1, "pending", 0, null, null));
        server.answer(
                "GET",
                "/api/v1/endpoints/fraud",
                200,
                endpoint(1, "failed", 0, null, "artifact does not load"));

        CommandRun run =
                against(server, "endpoints", "create", "fraud", "--model", "fraud:2", "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .endsWith(
                        "error: endpoint/fraud failed: artifact does not load"
                                + System.lineSeparator());
    }

    @Test
    void createNeedsAModel() {
        CommandRun run = against(server, "endpoints", "create", "fraud");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--model");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(
                        against(
                                        server,
                                        "endpoints",
                                        "create",
                                        "fraud",
                                        "--model",
                                        "fraud",
                                        "--memory",
                                        "1Gi")
                                .err())
                .contains("Invalid value for option '--model'");
        CommandRun memory =
                against(
                        server,
                        "endpoints",
                        "create",
                        "fraud",
                        "--model",
                        "fraud:1",
                        "--memory",
                        "lots");
        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err()).contains("memory quantity 'lots' is not valid");
        CommandRun copies = against(server, "endpoints", "update", "fraud", "--copies", "-1");
        assertThat(copies.exitCode()).isEqualTo(2);
        assertThat(copies.err()).contains("--copies must be >= 0");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void updateSendsOnlyTheGivenOptions() {
        server.answer("PATCH", "/api/v1/endpoints/fraud", 200, endpoint(3, "loading", 1, 2, null));

        CommandRun run = against(server, "endpoints", "update", "fraud", "--copies", "3");

        assertThat(run.exitCode()).isZero();
        assertThat(server.only("PATCH", "/api/v1/endpoints/fraud").bodyText())
                .isEqualToIgnoringWhitespace("{\"copies\": 3}");
        assertThat(run.out())
                .isEqualTo(
                        "endpoint/fraud: updated (model fraud@champion (2), 3 copies)"
                                + System.lineSeparator());
    }

    @Test
    void updateWithAStrategyRollsTheNewModelOutAndWaitWaitsForTheRollout() {
        server.answer(
                "PATCH",
                "/api/v1/endpoints/fraud",
                200,
                withRollout(endpoint(1, "updating", 1, 1, null), 7));
        server.answer(
                "GET",
                "/api/v1/rollouts/7",
                200,
                RolloutAnswers.json(
                        RolloutAnswers.ended(RolloutAnswers.gradual(), "completed", "")));
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint(1, "ready", 1, 2, null));

        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--model",
                        "fraud:2",
                        "--strategy",
                        "gradual",
                        "--steps",
                        "50,100",
                        "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("PATCH", "/api/v1/endpoints/fraud").bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"model\": \"fraud:2\", \"rollout\": {\"strategy\": \"gradual\", \"steps\": [50, 100]}}");
        assertThat(run.outLines())
                .containsExactly(
                        "endpoint/fraud: updated (model fraud@champion (2), 1 copy)",
                        "Rollout 7 started: wine:1 -> wine:2 (gradual)",
                        "endpoint/fraud: ready (1/1 copies ready, serving version 2)",
                        "  infer:        http://127.0.0.1:8080/v2/models/fraud/infer",
                        "  invocations:  http://127.0.0.1:8080/endpoints/fraud/invocations");
        assertThat(run.err()).contains("rollout 7: completed");
    }

    @Test
    void waitingForARolloutThatRollsBackExitsOneWithItsReason() {
        server.answer(
                "PATCH",
                "/api/v1/endpoints/fraud",
                200,
                withRollout(endpoint(1, "updating", 1, 1, null), 7));
        server.answer(
                "GET",
                "/api/v1/rollouts/7",
                200,
                RolloutAnswers.json(
                        RolloutAnswers.ended(
                                RolloutAnswers.baking(0, 10),
                                "rolled_back",
                                "error rate 0.2 above 0.05")));

        CommandRun run =
                against(server, "endpoints", "update", "fraud", "--model", "fraud:2", "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: rollout 7 rolled_back: error rate 0.2 above 0.05");
        assertThat(server.routes()).doesNotContain("GET /api/v1/endpoints/fraud");
        assertThat(server.only("PATCH", "/api/v1/endpoints/fraud").bodyText())
                .isEqualToIgnoringWhitespace("{\"model\": \"fraud:2\"}");
    }

    @Test
    void aStrategyNeedsAModelToRollOut() {
        CommandRun run =
                against(
                        server,
                        "endpoints",
                        "update",
                        "fraud",
                        "--copies",
                        "2",
                        "--strategy",
                        "gradual");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--strategy rolls out a new --model: give --model");
        assertThat(server.requests()).isEmpty();
    }

    private static String withRollout(String endpoint, long id) {
        return endpoint.replaceFirst("\\{", "{\"rollout\": {\"id\": " + id + "}, ");
    }

    @Test
    void updateWithNothingToChangeIsAUsageError() {
        CommandRun run = against(server, "endpoints", "update", "fraud", "--wait");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nothing to update");
    }

    @Test
    void listShowsOneRowPerEndpoint() {
        server.answer(
                "GET",
                "/api/v1/endpoints",
                200,
                "{\"endpoints\": [" + endpoint(2, "ready", 2, 2, null) + "]}");

        CommandRun run = against(server, "endpoints", "list");

        assertThat(run.outLines())
                .containsExactly(
                        "NAME   MODEL               STATE  READY  CORES  MEMORY  TIMEOUT  BATCH",
                        "fraud  fraud@champion (2)  ready  2/2    1      1Gi     5s       32/2ms");
    }

    @Test
    void showPrintsSpecStatusAndUrls() {
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint(1, "ready", 1, 2, null));

        CommandRun run = against(server, "endpoints", "show", "fraud");

        assertThat(run.out())
                .contains(
                        "Model:",
                        "fraud@champion (2)",
                        "Ready copies:",
                        "1/1",
                        "URL (infer):",
                        "http://127.0.0.1:8080/v2/models/fraud/infer");
        assertThat(run.outLines())
                .contains(
                        "Batching:           up to 32 requests per call, waiting at most 2ms",
                        "Max queue:          256 per copy",
                        "Max rows:           unlimited",
                        "Async:              2 in flight per copy, 3 attempts, ttl 6h, invocation"
                                + " timeout 15m",
                        "Notifications:      on success https://hooks.example/ok, secret set");
    }

    @Test
    void showAsYaml() {
        server.answer("GET", "/api/v1/endpoints/fraud", 200, endpoint(1, "ready", 1, 2, null));

        CommandRun run = against(server, "endpoints", "show", "fraud", "--output", "yaml");

        assertThat(run.out()).contains("name: fraud", "ref: fraud@champion", "state: ready");
    }

    @Test
    void listAsJsonIsAnArray() throws Exception {
        server.answer(
                "GET",
                "/api/v1/endpoints",
                200,
                "{\"endpoints\": [" + endpoint(2, "ready", 2, 2, null) + "]}");

        CommandRun run = against(server, "endpoints", "list", "-o", "json");

        assertThat(JacksonMappers.JSON.readTree(run.out()).get(0).get("copies").asInt())
                .isEqualTo(2);
    }

    @Test
    void deleteSaysSo() {
        server.answer("DELETE", "/api/v1/endpoints/fraud", 204, null);

        CommandRun run = against(server, "endpoints", "delete", "fraud");

        assertThat(run.out()).isEqualTo("endpoint/fraud: deleted" + System.lineSeparator());
    }
}
