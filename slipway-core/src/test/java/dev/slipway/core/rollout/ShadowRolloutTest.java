package dev.slipway.core.rollout;

import static dev.slipway.core.testing.SampleModel.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.analysis.EquivalenceCriteria;
import dev.slipway.core.analysis.EquivalenceReport.Verdict;
import dev.slipway.core.analysis.MirroredPair;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.rollout.RolloutFixture.Pass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mirroring to a candidate until the analysis decides, then the follow-up strategy. */
class ShadowRolloutTest {
    private static final EquivalenceCriteria CRITERIA = EquivalenceCriteria.minPairsOnly(10);
    private static final RolloutSpec.Gradual THEN_GRADUAL =
            new RolloutSpec.Gradual(
                    List.of(20, 100),
                    Duration.ofMinutes(1),
                    Guardrails.DEFAULT,
                    Set.of(),
                    Duration.ZERO);

    private final RolloutFixture fixture = new RolloutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void mirrorsToTheCandidateOnceValidated() {
        fixture.store(shadow(false, THEN_GRADUAL), Phase.VALIDATING, -1);
        fixture.view.serveAsCandidate(fixture.to);

        Pass mirroring = fixture.pass();

        assertThat(mirroring.types())
                .containsExactly("rollout/1 rollout.validated", "rollout/1 rollout.mirroring");
        assertThat(mirroring.message("rollout.mirroring"))
                .isEqualTo("25% of requests mirrored to fraud:2");
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.from);
        assertThat(fixture.endpoint().traffic())
                .isEqualTo(Traffic.mirror(fixture.to, 25, "rollout-1"));
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.MIRRORING);
    }

    @Test
    void keepsMirroringWithTooFewPairsAndStoresTheAnalysisWhenItChanges() {
        fixture.store(shadow(false, THEN_GRADUAL), Phase.MIRRORING, -1);
        fixture.captures.capture("rollout-1", equalPairs(3));

        Pass analysed = fixture.pass();
        assertThat(analysed.rolloutWrites()).isEqualTo(1);
        assertThat(analysed.endpointWrites()).isZero();
        assertThat(analysed.events()).isEmpty();
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.MIRRORING);
        assertThat(fixture.rollout().analysis().verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(fixture.rollout().analysis().reasons())
                .containsExactly("only 3 mirrored pairs, 10 needed");
        fixture.pass().assertNothingWritten();

        fixture.captures.capture("rollout-1", equalPairs(5));
        assertThat(fixture.pass().rolloutWrites()).isEqualTo(1);
        assertThat(fixture.rollout().analysis().pairs()).isEqualTo(5);
    }

    @Test
    void rejectsACandidateThatIsNotEquivalent() {
        fixture.store(shadow(false, THEN_GRADUAL), Phase.MIRRORING, -1);
        List<MirroredPair> pairs = equalPairs(2);
        pairs.add(MirroredPair.failedCandidate(List.of(output(1, 2)), "boom", 1_000, 2_000));
        fixture.captures.capture("rollout-1", pairs);

        Pass rejected = fixture.pass();

        String reason =
                "not equivalent: candidate failed 1 of 3 mirrored requests (first error: boom)";
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.REJECTED);
        assertThat(fixture.rollout().reason()).isEqualTo(reason);
        assertThat(fixture.rollout().analysis().verdict()).isEqualTo(Verdict.FAILED);
        assertThat(rejected.types())
                .containsExactly("rollout/1 rollout.rejected", "endpoint/scoring rollout.rejected");
        assertThat(rejected.message("rollout.rejected")).isEqualTo(reason);
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.from);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
    }

    @Test
    void aPassingAnalysisContinuesWithTheFirstGradualStep() {
        fixture.store(shadow(false, THEN_GRADUAL), Phase.MIRRORING, -1);
        fixture.captures.capture("rollout-1", equalPairs(10));

        Pass continued = fixture.pass();

        assertThat(continued.types())
                .containsExactly("rollout/1 rollout.analysis-passed", "rollout/1 rollout.step");
        assertThat(continued.message("rollout.analysis-passed"))
                .isEqualTo("10 mirrored pairs; every criterion held");
        assertThat(continued.message("rollout.step")).isEqualTo("20% of traffic to fraud:2");
        Rollout rollout = fixture.rollout();
        assertThat(rollout.phase()).isEqualTo(Phase.BAKING);
        assertThat(rollout.step()).isZero();
        assertThat(rollout.shadowDone()).isTrue();
        assertThat(rollout.activeSpec()).isEqualTo(THEN_GRADUAL);
        assertThat(rollout.analysis().passed()).isTrue();
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 20));
    }

    @Test
    void aPassingAnalysisContinuesWithAPromotion() {
        fixture.store(shadow(false, RolloutSpec.Expedited.DEFAULT), Phase.MIRRORING, -1);
        fixture.captures.capture("rollout-1", equalPairs(10));

        Pass continued = fixture.pass();

        assertThat(continued.types())
                .containsExactly(
                        "rollout/1 rollout.analysis-passed", "rollout/1 rollout.promoting");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROMOTING);
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.to);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
    }

    @Test
    void aPassingAnalysisWaitsForApprovalWhenAskedThenPromotes() {
        fixture.store(shadow(true, RolloutSpec.Expedited.DEFAULT), Phase.MIRRORING, -1);
        fixture.captures.capture("rollout-1", equalPairs(10));

        Pass waiting = fixture.pass();
        assertThat(waiting.types())
                .containsExactly(
                        "rollout/1 rollout.analysis-passed", "rollout/1 rollout.awaiting-approval");
        assertThat(waiting.message("rollout.awaiting-approval"))
                .isEqualTo("promotion of fraud:2 waits for approval");
        assertThat(waiting.endpointWrites()).isZero();
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.AWAITING_APPROVAL);
        assertThat(fixture.rollout().step()).isEqualTo(-1);
        assertThat(fixture.rollout().shadowDone()).isFalse();
        fixture.pass().assertNothingWritten();

        fixture.service.request(1, Action.APPROVE);
        Pass approved = fixture.pass();

        assertThat(approved.types())
                .containsExactly("rollout/1 rollout.approved", "rollout/1 rollout.promoting");
        assertThat(approved.message("rollout.approved")).isEqualTo("promotion approved");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROMOTING);
        assertThat(fixture.rollout().shadowDone()).isTrue();
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.to);
    }

    private static RolloutSpec.Shadow shadow(boolean manualApproval, RolloutSpec then) {
        return new RolloutSpec.Shadow(25, CRITERIA, manualApproval, then);
    }

    /** Pairs in which the candidate answered exactly what the primary did. */
    private static List<MirroredPair> equalPairs(int count) {
        List<MirroredPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(
                    MirroredPair.answered(
                            List.of(output(i, i + 1)), List.of(output(i, i + 1)), 1_000, 2_000));
        }
        return pairs;
    }
}
