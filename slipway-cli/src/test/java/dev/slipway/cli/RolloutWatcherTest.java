package dev.slipway.cli;

import static dev.slipway.cli.RolloutAnswers.baking;
import static dev.slipway.cli.RolloutAnswers.ended;
import static dev.slipway.cli.RolloutAnswers.gradual;
import static dev.slipway.cli.RolloutAnswers.json;
import static dev.slipway.cli.RolloutAnswers.object;
import static dev.slipway.cli.RolloutAnswers.read;
import static dev.slipway.cli.RolloutAnswers.withEvents;
import static dev.slipway.cli.RolloutAnswers.withGuardrails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.EndpointWaiterTest.FakeClock;
import dev.slipway.cli.api.ApiClient;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.SlipwayApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watcher against a sequence of server answers, with a clock that moves only when it waits. */
class RolloutWatcherTest {

    private static final String PATH = "/api/v1/rollouts/7";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String STARTED = "rollout.started";

    private final CannedServer server = CannedServer.start();
    private final FakeClock clock = new FakeClock();
    private final StringWriter out = new StringWriter();

    @AfterEach
    void stop() {
        server.close();
    }

    private RolloutWatcher watcher(RolloutWatcher.Display display) {
        return watcher(display, RolloutWatcher.DEFAULT_COLUMNS);
    }

    private RolloutWatcher watcher(RolloutWatcher.Display display, int columns) {
        return new RolloutWatcher(
                new SlipwayApi(new ApiClient(server.uri(), null)),
                clock,
                clock::advance,
                new PrintWriter(out),
                display,
                INTERVAL,
                columns);
    }

    /** Provisioning, two bakes (the first seen twice), then completed, with events on the way. */
    private void answerACompletedGradualRollout() {
        String[] events = {
            STARTED,
            "wine:1 -> wine:2 (gradual)",
            "rollout.step",
            "50% to wine:2",
            "rollout.completed",
            "wine:2 serves all traffic"
        };
        answer(withEvents(gradual(), first(events, 1)));
        answer(withEvents(withGuardrails(baking(0, 10), 20, 0.0, 40.0), first(events, 1)));
        answer(withEvents(withGuardrails(baking(0, 10), 20, 0.0, 40.0), first(events, 1)));
        answer(withEvents(withGuardrails(baking(1, 50), 120, 0.0083, 41.0), first(events, 2)));
        ObjectNode completed = withEvents(ended(gradual(), "completed", ""), events);
        completed.set("traffic", object("{\"primary\": \"wine:2\", \"candidatePercent\": 0}"));
        answer(completed);
    }

    @Test
    void withoutATerminalEachChangedLineAndEachNewEventIsPrintedOnce() {
        answerACompletedGradualRollout();

        Rollout ended = watcher(RolloutWatcher.Display.LINES).watch(7, null);

        assertThat(out.toString().lines())
                .containsExactly(
                        "2025-01-01T00:00:00Z  rollout.started  wine:1 -> wine:2 (gradual)",
                        "Rollout 7 on endpoint/wine: wine:1 -> wine:2 (gradual)",
                        "Phase:      provisioning",
                        "Traffic:    wine:1 ██████████ 100% | wine:2 0%",
                        "Phase:      baking, step 1/3 (10%)",
                        "Traffic:    wine:1 █████████░ 90% | wine:2 10%",
                        "Guardrails: candidate 20 requests, error rate 0%, p99 40ms",
                        "            primary   130 requests, error rate 0%, p99 38ms",
                        "2025-01-01T00:00:01Z  rollout.step  50% to wine:2",
                        "Phase:      baking, step 2/3 (50%)",
                        "Traffic:    wine:1 █████░░░░░ 50% | wine:2 50%",
                        "Guardrails: candidate 120 requests, error rate 0.83%, p99 41ms",
                        "2025-01-01T00:00:02Z  rollout.completed  wine:2 serves all traffic",
                        "Phase:      completed",
                        "Traffic:    wine:2 ██████████ 100%");
        assertThat(ended.phase()).isEqualTo("completed");
        assertThat(clock.instant()).isEqualTo(FakeClock.START.plus(INTERVAL.multipliedBy(4)));
        assertThat(server.routes()).hasSize(5).containsOnly("GET " + PATH);
    }

    @Test
    void aCompletedRolloutExitsZeroAndAnyOtherEndingFailsWithItsReason() {
        StringWriter printed = new StringWriter();
        TablePrinter printer = new TablePrinter(new PrintWriter(printed));

        assertThat(RolloutWatcher.finish(read(ended(gradual(), "completed", "")), printer))
                .isZero();
        assertThat(printed.toString().strip())
                .isEqualTo("Rollout 7 completed: wine:2 serves endpoint/wine");
        for (String phase : new String[] {"rolled_back", "aborted", "rejected", "failed"}) {
            assertThatThrownBy(
                            () ->
                                    RolloutWatcher.finish(
                                            read(ended(gradual(), phase, "the reason")), printer))
                    .isInstanceOf(CliException.class)
                    .hasMessage("rollout 7 " + phase + ": the reason");
        }
    }

    @Test
    void aRolledBackRolloutEndsTheWatchWithItsReason() {
        answer(withGuardrails(baking(0, 10), 40, 0.125, 90.0));
        answer(ended(baking(0, 10), "rolled_back", "error rate 0.125 above 0.05"));

        Rollout ended = watcher(RolloutWatcher.Display.LINES).watch(7, null);

        assertThat(out.toString().lines())
                .endsWith("Phase:      rolled_back: error rate 0.125 above 0.05");
        assertThatThrownBy(
                        () -> RolloutWatcher.finish(ended, new TablePrinter(new PrintWriter(out))))
                .hasMessage("rollout 7 rolled_back: error rate 0.125 above 0.05");
    }

    @Test
    void onATerminalTheStatusIsRedrawnInPlaceBelowTheEvents() {
        answer(withEvents(gradual(), STARTED, "go"));
        answer(withEvents(gradual(), STARTED, "go"));
        answer(
                withEvents(
                        ended(gradual(), "aborted", "by request"),
                        STARTED,
                        "go",
                        "rollout.aborted",
                        "by request"));

        watcher(RolloutWatcher.Display.REDRAW).watch(7, null);

        String newline = System.lineSeparator();
        assertThat(out.toString())
                .isEqualTo(
                        "2025-01-01T00:00:00Z  rollout.started  go"
                                + newline
                                + "Rollout 7 on endpoint/wine: wine:1 -> wine:2 (gradual)"
                                + newline
                                + "Phase:      provisioning"
                                + newline
                                + "Traffic:    wine:1 ██████████ 100% | wine:2 0%"
                                + newline
                                // the second answer changed nothing: no redraw
                                + "\u001B[3A\u001B[J"
                                + "2025-01-01T00:00:01Z  rollout.aborted  by request"
                                + newline
                                + "Rollout 7 on endpoint/wine: wine:1 -> wine:2 (gradual)"
                                + newline
                                + "Phase:      aborted: by request"
                                + newline
                                + "Traffic:    wine:1 ██████████ 100% | wine:2 0%"
                                + newline);
    }

    @Test
    void onATerminalLinesAreCutToItsWidthSoTheRedrawStaysInPlace() {
        answer(ended(gradual(), "completed", ""));

        watcher(RolloutWatcher.Display.REDRAW, 40).watch(7, null);

        assertThat(out.toString().lines())
                .first()
                .isEqualTo("Rollout 7 on endpoint/wine: wine:1 -> …");
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(40));
    }

    @Test
    void whileAnotherCommandWaitsOnlyPhaseChangesArePrinted() {
        answerACompletedGradualRollout();

        watcher(RolloutWatcher.Display.PHASES).watch(7, null);

        assertThat(out.toString().lines())
                .containsExactly(
                        "rollout 7: provisioning",
                        "rollout 7: baking, step 1/3 (10%)",
                        "rollout 7: baking, step 2/3 (50%)",
                        "rollout 7: completed");
    }

    @Test
    void givesUpAfterTheTimeoutSayingWhereItStands() {
        answer(gradual().put("phase", "awaiting_approval"));

        assertThatThrownBy(
                        () ->
                                watcher(RolloutWatcher.Display.PHASES)
                                        .watch(7, Duration.ofSeconds(3)))
                .isInstanceOf(CliException.class)
                .hasMessage(
                        "rollout 7 has not ended after 3s"
                                + " (awaiting_approval (slipway rollouts approve 7))");
        assertThat(clock.instant()).isEqualTo(FakeClock.START.plusSeconds(3));
    }

    private void answer(ObjectNode rollout) {
        server.answer("GET", PATH, 200, json(rollout));
    }

    private static String[] first(String[] typesAndMessages, int events) {
        return java.util.Arrays.copyOf(typesAndMessages, events * 2);
    }
}
