package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code models register --rollout}: the retrained-model flow from the command line. */
class ModelRegisterRolloutTest {

    private static final String EXAMPLE = "../examples/breast-cancer-xgboost/";
    private static final String SHA =
            "abc123def4567890abc123def4567890abc123def4567890abc123def4567890";
    private static final String VERSION_ONE =
            """
            {"model": "breast-cancer", "version": 1, "format": "xgboost",
             "artifact": {"sha256": "%s", "size": 5000}, "status": "validated"}"""
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
    void registerWithARolloutSendsItAndSaysWhichRolloutStarted() throws Exception {
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 5000}");
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions",
                201,
                VERSION_ONE.replaceFirst("\\{", "{\"rollout\": {\"id\": 7}, "));
        server.answer(
                "GET",
                "/api/v1/rollouts/7",
                200,
                RolloutAnswers.json(RolloutAnswers.shadow().put("id", 7)));

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
                        "--rollout",
                        "shadow",
                        "--mirror-percent",
                        "50",
                        "--then",
                        "gradual",
                        "--bake",
                        "10s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode request =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/breast-cancer/versions").bodyText());
        assertThat(request.get("rollout").toString())
                .isEqualTo(
                        "{\"endpoint\":\"breast-cancer\",\"strategy\":\"shadow\",\"mirrorPercent\":50,"
                                + "\"then\":{\"strategy\":\"gradual\",\"bake\":\"10s\"}}");
        assertThat(run.outLines())
                .containsExactly(
                        "Registered breast-cancer:1 (sha256 abc123def456…, status validated)",
                        "Rollout 7 started: wine:1 -> wine:2 (shadow)");
    }

    @Test
    void aRolloutGoesToTheNamedEndpoint() throws Exception {
        acceptRegistration();

        CommandRun run =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "-q",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost",
                        "--rollout",
                        "expedited",
                        "--endpoint",
                        "cancer-eu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode request =
                JacksonMappers.JSON.readTree(
                        server.only("POST", "/api/v1/models/breast-cancer/versions").bodyText());
        assertThat(request.get("rollout").toString())
                .isEqualTo("{\"endpoint\":\"cancer-eu\",\"strategy\":\"expedited\"}");
        assertThat(run.outLines()).containsExactly("1");
    }

    @Test
    void whenTheRolloutCannotBeReadTheLineSaysWhatTheRegistrationAnswered() {
        server.answer(
                "POST", "/api/v1/artifacts", 201, "{\"sha256\": \"" + SHA + "\", \"size\": 5000}");
        server.answer(
                "POST",
                "/api/v1/models/breast-cancer/versions",
                201,
                VERSION_ONE.replaceFirst(
                        "\\{",
                        "{\"rollout\": {\"id\": 7, \"endpoint\": \"cancer-eu\", \"strategy\": \"expedited\"}, "));

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
                        "--rollout",
                        "expedited",
                        "--endpoint",
                        "cancer-eu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "Registered breast-cancer:1 (sha256 abc123def456…, status validated)",
                        "Rollout 7 started on endpoint/cancer-eu (expedited)");
    }

    @Test
    void rolloutOptionsNeedARollout() {
        CommandRun bake =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost",
                        "--bake",
                        "10s");
        CommandRun endpoint =
                against(
                        server,
                        "models",
                        "register",
                        "breast-cancer",
                        "--file",
                        EXAMPLE + "model.json",
                        "--format",
                        "xgboost",
                        "--endpoint",
                        "cancer-eu");

        assertThat(bake.exitCode()).isEqualTo(2);
        assertThat(bake.err()).contains("error: --bake needs --rollout");
        assertThat(endpoint.exitCode()).isEqualTo(2);
        assertThat(endpoint.err()).contains("error: --endpoint needs --rollout");
        assertThat(server.requests()).isEmpty();
    }
}
