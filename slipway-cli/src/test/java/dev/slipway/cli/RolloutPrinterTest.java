package dev.slipway.cli;

import static dev.slipway.cli.RolloutAnswers.baking;
import static dev.slipway.cli.RolloutAnswers.ended;
import static dev.slipway.cli.RolloutAnswers.gradual;
import static dev.slipway.cli.RolloutAnswers.object;
import static dev.slipway.cli.RolloutAnswers.read;
import static dev.slipway.cli.RolloutAnswers.shadow;
import static dev.slipway.cli.RolloutAnswers.withEvents;
import static dev.slipway.cli.RolloutAnswers.withGuardrails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.api.Rollout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutPrinterTest {

    @Test
    void theBarIsThePrimarysShareInTenCells() {
        assertThat(RolloutPrinter.traffic(new Rollout.Traffic("wine:1", "wine:2", 30, 0)))
                .isEqualTo("wine:1 ███████░░░ 70% | wine:2 30%");
        assertThat(RolloutPrinter.traffic(new Rollout.Traffic("wine:1", "wine:2", 0, 50)))
                .isEqualTo("wine:1 ██████████ 100% | wine:2 mirror 50%");
        assertThat(RolloutPrinter.traffic(new Rollout.Traffic("wine:2", null, 0, 0)))
                .isEqualTo("wine:2 ██████████ 100%");
        assertThat(RolloutPrinter.traffic(new Rollout.Traffic("wine:1", "wine:2", 100, 0)))
                .isEqualTo("wine:1 ░░░░░░░░░░ 0% | wine:2 100%");
        assertThat(RolloutPrinter.traffic(null)).isEqualTo("-");
    }

    @Test
    void thePhaseSaysTheStepWhatIsRequestedAndHowToApprove() {
        assertThat(RolloutPrinter.phase(read(baking(1, 50)))).isEqualTo("baking, step 2/3 (50%)");
        ObjectNode aborting = baking(0, 10).put("pendingAction", "abort");
        assertThat(RolloutPrinter.phase(read(aborting)))
                .isEqualTo("baking, step 1/3 (10%), abort requested");
        assertThat(RolloutPrinter.phase(read(gradual().put("phase", "awaiting_approval"))))
                .isEqualTo("awaiting_approval (slipway rollouts approve 7)");
        assertThat(
                        RolloutPrinter.phase(
                                read(
                                        ended(
                                                gradual(),
                                                "rolled_back",
                                                "error rate 0.12 above 0.05"))))
                .isEqualTo("rolled_back: error rate 0.12 above 0.05");
    }

    @Test
    void theListShowsTheStepOrTheTrafficOfActiveRollouts() {
        Instant now = Instant.parse("2025-01-01T00:12:30Z");

        assertThat(RolloutPrinter.row(read(baking(1, 50)), now))
                .containsExactly(
                        "7", "wine", "wine:1", "wine:2", "gradual", "baking", "2/3 (50%)", "12m");
        assertThat(RolloutPrinter.progress(read(shadow()))).isEqualTo("mirror 50%");
        assertThat(RolloutPrinter.progress(read(ended(gradual(), "completed", "")))).isEqualTo("-");
    }

    @Test
    void agesUseTheLargestWholeUnit() {
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(RolloutPrinter.age(created.toString(), created.plusSeconds(45)))
                .isEqualTo("45s");
        assertThat(RolloutPrinter.age(created.toString(), created.plusSeconds(7_200)))
                .isEqualTo("2h");
        assertThat(RolloutPrinter.age(created.toString(), created.plusSeconds(3 * 86_400)))
                .isEqualTo("3d");
        assertThat(RolloutPrinter.age(null, created)).isEqualTo("-");
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(RolloutPrinter.number(0.031)).isEqualTo("0.031");
        assertThat(RolloutPrinter.number(0.00041234)).isEqualTo("0.000412");
        assertThat(RolloutPrinter.number(41.0)).isEqualTo("41");
        assertThat(RolloutPrinter.number(0.8333)).isEqualTo("0.833");
    }

    @Test
    void guardrailsAndAnalysisReadAsOneLineEach() {
        Rollout baking = read(withGuardrails(baking(1, 50), 120, 0.0083, 41.25));
        assertThat(RolloutPrinter.guardrails(baking.guardrails()))
                .isEqualTo(
                        "candidate 120 requests, error rate 0.83%, p99 41.3ms"
                                + " | primary 130 requests, error rate 0%, p99 38ms");

        Rollout mirroring = read(withAnalysis(shadow()));
        assertThat(RolloutPrinter.analysisSummary(mirroring.analysis()))
                .isEqualTo("250 pairs, 0 candidate failures, verdict passed");
        assertThat(mirroring.analysis().outputs())
                .map(RolloutPrinter::output)
                .containsExactly(
                        "probability: 250 pairs, KS 0.031, p-value 0.82, mean abs diff 0.0004,"
                                + " max abs diff 0.002",
                        "label: 250 pairs, agreement 0.996");
    }

    @Test
    void showPrintsTheSummaryTheSpecAndTheEventLog() {
        Rollout rollout =
                read(
                        withEvents(
                                withGuardrails(baking(1, 50), 120, 0.0083, 41.0),
                                "rollout.started",
                                "wine:1 -> wine:2 (gradual)",
                                "rollout.step",
                                "step 2: 50% to wine:2"));
        StringWriter out = new StringWriter();

        RolloutPrinter.printDetails(new TablePrinter(new PrintWriter(out)), rollout);

        assertThat(out.toString().lines())
                .containsExactly(
                        "Rollout:        7",
                        "Endpoint:       wine",
                        "From:           wine:1",
                        "To:             wine:2",
                        "Strategy:       gradual",
                        "Phase:          baking, step 2/3 (50%)",
                        "Phase started:  2025-01-01T00:00:00Z",
                        "Active:         yes",
                        "Traffic:        wine:1 █████░░░░░ 50% | wine:2 50%",
                        "Created:        2025-01-01T00:00:00Z",
                        "Updated:        2025-01-01T00:00:00Z",
                        "",
                        "Spec:",
                        "  strategy:                 gradual",
                        "  steps:                    10, 50, 100",
                        "  bake:                     30s",
                        "  approvalBefore:           -",
                        "  keepPreviousFor:          0s",
                        "  guardrails.maxErrorRate:  0.05",
                        "  guardrails.minRequests:   20",
                        "",
                        "Guardrails: candidate 120 requests, error rate 0.83%, p99 41ms"
                                + " | primary 130 requests, error rate 0%, p99 38ms",
                        "",
                        "Events:",
                        "  TIME                  TYPE             MESSAGE",
                        "  2025-01-01T00:00:00Z  rollout.started  wine:1 -> wine:2 (gradual)",
                        "  2025-01-01T00:00:01Z  rollout.step     step 2: 50% to wine:2");
    }

    static ObjectNode withAnalysis(ObjectNode rollout) {
        rollout.set(
                "analysis",
                object(
                        """
                        {"pairs": 250, "candidateFailures": 0, "verdict": "passed", "reasons": [],
                         "outputs": [
                           {"output": "probability", "categorical": false, "pairs": 250, "meanAbsDiff": 0.0004,
                            "maxAbsDiff": 0.002, "ksStatistic": 0.031, "pValue": 0.82, "psi": null, "agreement": null},
                           {"output": "label", "categorical": true, "pairs": 250, "agreement": 0.996}]}"""));
        return rollout;
    }
}
