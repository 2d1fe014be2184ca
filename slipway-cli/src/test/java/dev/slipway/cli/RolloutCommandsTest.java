package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static dev.slipway.cli.RolloutAnswers.baking;
import static dev.slipway.cli.RolloutAnswers.ended;
import static dev.slipway.cli.RolloutAnswers.gradual;
import static dev.slipway.cli.RolloutAnswers.json;
import static dev.slipway.cli.RolloutAnswers.shadow;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway rollouts ...} against a canned server: the requests sent and what is printed. */
class RolloutCommandsTest {

    private static final String START = "/api/v1/endpoints/wine/rollouts";
    private static final String ROLLOUT = "/api/v1/rollouts/7";

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void startSendsTheModelAndOnlyTheSpecOptionsGiven() {
        server.answer("POST", START, 201, json(gradual()));

        CommandRun run =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine:2",
                        "--strategy",
                        "gradual",
                        "--steps",
                        "10,50,100",
                        "--bake",
                        "30s",
                        "--approval-before",
                        "100",
                        "--max-error-rate",
                        "0.01",
                        "--max-p99",
                        "200ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", START).bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"model": "wine:2", "strategy": "gradual", "steps": [10, 50, 100], "bake": "30s",
                         "approvalBefore": [100], "guardrails": {"maxErrorRate": 0.01, "maxP99": "200ms"}}""");
        assertThat(run.outLines()).containsExactly("Rollout 7 started: wine:1 -> wine:2 (gradual)");
    }

    @Test
    void startBuildsAShadowRolloutAndWhatFollowsIt() {
        server.answer("POST", START, 201, json(shadow()));

        CommandRun run =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine@challenger",
                        "--strategy",
                        "shadow",
                        "--mirror-percent",
                        "50",
                        "--approval",
                        "manual",
                        "--min-pairs",
                        "200",
                        "--max-ks",
                        "0.1",
                        "--then",
                        "gradual",
                        "--linear-step",
                        "50");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", START).bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"model": "wine@challenger", "strategy": "shadow", "mirrorPercent": 50, "approval": "manual",
                         "analysis": {"minPairs": 200, "maxKsStatistic": 0.1},
                         "then": {"strategy": "gradual", "linear": {"step": 50}}}""");
        assertThat(run.outLines()).containsExactly("Rollout 8 started: wine:1 -> wine:2 (shadow)");
    }

    @Test
    void startReadsTheWholeSpecFromAFile() throws Exception {
        Path file = directory.resolve("rollout.yaml");
        Files.writeString(file, "strategy: expedited\nkeepPreviousFor: 300s\n");
        server.answer("POST", START, 201, json(gradual().put("strategy", "expedited")));

        CommandRun run =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine:2",
                        "-f",
                        file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", START).bodyText())
                .isEqualToIgnoringWhitespace(
                        "{\"model\": \"wine:2\", \"strategy\": \"expedited\", \"keepPreviousFor\": \"5m\"}");
    }

    @Test
    void startNeedsAStrategyOrAFileButNotBoth() throws Exception {
        CommandRun none = against(server, "rollouts", "start", "wine", "--model", "wine:2");
        Path file = directory.resolve("rollout.yaml");
        Files.writeString(file, "strategy: expedited\n");
        CommandRun both =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine:2",
                        "-f",
                        file.toString(),
                        "--bake",
                        "10s");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err())
                .contains("Missing required option: '--strategy=STRATEGY' (or -f FILE)");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err())
                .contains("-f reads the whole spec: give either -f or --strategy and its options");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anActiveRolloutRefusesANewOneWithTheServersMessage() {
        server.answer(
                "POST",
                START,
                409,
                "{\"error\": \"endpoint 'wine' already has an active rollout (5)\", \"code\": \"ROLLOUT_ACTIVE\"}");

        CommandRun run =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine:2",
                        "--strategy",
                        "expedited");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: endpoint 'wine' already has an active rollout (5)");
    }

    @Test
    void startWatchFollowsTheRolloutToItsEnd() {
        server.answer("POST", START, 201, json(gradual()));
        server.answer("GET", ROLLOUT, 200, json(ended(gradual(), "completed", "")));

        CommandRun run =
                against(
                        server,
                        "rollouts",
                        "start",
                        "wine",
                        "--model",
                        "wine:2",
                        "--strategy",
                        "gradual",
                        "--watch");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .startsWith("Rollout 7 started: wine:1 -> wine:2 (gradual)")
                .contains("Phase:      completed")
                .endsWith("Rollout 7 completed: wine:2 serves endpoint/wine");
    }

    @Test
    void watchExitsOneWithTheReasonWhenTheRolloutDoesNotComplete() {
        server.answer(
                "GET",
                ROLLOUT,
                200,
                json(ended(baking(0, 10), "rolled_back", "p99 310ms above 200ms")));

        CommandRun run = against(server, "rollouts", "watch", "7");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: rollout 7 rolled_back: p99 310ms above 200ms");
    }

    @Test
    void listShowsActiveRolloutsUnlessAllIsAsked() {
        String answer =
                "{\"rollouts\": [%s, %s]}"
                        .formatted(
                                json(baking(1, 50)),
                                json(ended(gradual().put("id", 6), "completed", "")));
        server.answer("GET", "/api/v1/rollouts", 200, answer);

        CommandRun active = against(server, "rollouts", "list", "--endpoint", "wine");
        CommandRun all = against(server, "rollouts", "list", "--all");

        assertThat(active.exitCode()).as(active.err()).isZero();
        assertThat(active.outLines()).hasSize(2);
        assertThat(active.outLines().get(0))
                .isEqualTo("ID  ENDPOINT  FROM    TO      STRATEGY  PHASE   STEP/TRAFFIC  AGE");
        assertThat(active.outLines().get(1))
                .startsWith("7   wine      wine:1  wine:2  gradual   baking  2/3 (50%)     ");
        assertThat(all.outLines()).hasSize(3);
        assertThat(all.outLines().get(2))
                .startsWith("6   wine      wine:1  wine:2  gradual   completed  -");
        assertThat(server.requests())
                .extracting(CannedServer.Request::query)
                .containsExactly("endpoint=wine&limit=50", "limit=50");
    }

    @Test
    void showPrintsTheRolloutWithItsEvents() {
        server.answer(
                "GET",
                ROLLOUT,
                200,
                json(RolloutAnswers.withEvents(baking(1, 50), "rollout.started", "go")));

        CommandRun run = against(server, "rollouts", "show", "7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .contains(
                        "Phase:          baking, step 2/3 (50%)",
                        "  2025-01-01T00:00:00Z  rollout.started  go");
    }

    @Test
    void approveAbortAndRollbackRecordTheRequestedAction() {
        for (String action : new String[] {"approve", "abort", "rollback"}) {
            server.answer(
                    "POST",
                    ROLLOUT + "/" + action,
                    200,
                    json(gradual().put("phase", "awaiting_approval").put("pendingAction", action)));

            CommandRun run = against(server, "rollouts", action, "7");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.outLines())
                    .containsExactly("Rollout 7: " + action + " requested (now awaiting_approval)");
            assertThat(server.only("POST", ROLLOUT + "/" + action).bodyText()).isEqualTo("{ }");
        }
    }
}
