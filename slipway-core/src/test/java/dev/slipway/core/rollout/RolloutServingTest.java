package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.analysis.EquivalenceCriteria;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's primary and traffic that each phase of a rollout implies. */
class RolloutServingTest {
    private static final RolloutSpec.Gradual GRADUAL =
            new RolloutSpec.Gradual(
                    List.of(10, 50, 100),
                    Duration.ofMinutes(1),
                    Guardrails.DEFAULT,
                    Set.of(50),
                    Duration.ZERO);
    private static final RolloutSpec.Shadow SHADOW =
            new RolloutSpec.Shadow(25, EquivalenceCriteria.minPairsOnly(10), true, GRADUAL);
    private static final RolloutSpec.Expedited KEEP =
            new RolloutSpec.Expedited(Duration.ofMinutes(10));

    private final RolloutFixture fixture = new RolloutFixture();
    private final ModelVersionId from = fixture.from;
    private final ModelVersionId to = fixture.to;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void provisioningAndValidatingKeepTheCandidateWarmBesideThePrimary() {
        assertThat(serving(GRADUAL, Phase.PROVISIONING, -1))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.standby(to)));
        assertThat(serving(SHADOW, Phase.VALIDATING, -1))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.standby(to)));
    }

    @Test
    void mirroringAndAwaitingPromotionMirrorUnderTheRolloutsCaptureId() {
        Traffic mirror = Traffic.mirror(to, 25, "rollout-7");

        assertThat(serving(SHADOW, Phase.MIRRORING, -1))
                .isEqualTo(new RolloutPlanner.Serving(from, mirror));
        assertThat(serving(SHADOW, Phase.AWAITING_APPROVAL, -1))
                .isEqualTo(new RolloutPlanner.Serving(from, mirror));
    }

    @Test
    void awaitingAStepKeepsThePreviousStepsShare() {
        assertThat(serving(GRADUAL, Phase.AWAITING_APPROVAL, 0))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.standby(to)));
        assertThat(serving(GRADUAL, Phase.AWAITING_APPROVAL, 1))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.split(to, 10)));
    }

    @Test
    void bakingSendsTheStepsShare() {
        assertThat(serving(GRADUAL, Phase.BAKING, 0))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.split(to, 10)));
        assertThat(serving(GRADUAL, Phase.BAKING, 2))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.split(to, 100)));
    }

    @Test
    void aShadowFollowedByGradualStepsBakesTheFollowUpsSteps() {
        RolloutPlanner.Serving serving =
                RolloutPlanner.serving(fixture.rollout(7, SHADOW, Phase.BAKING, 1, true));

        assertThat(serving).isEqualTo(new RolloutPlanner.Serving(from, Traffic.split(to, 50)));
        assertThat(
                        RolloutPlanner.serving(
                                fixture.rollout(7, SHADOW, Phase.AWAITING_APPROVAL, 0, true)))
                .isEqualTo(new RolloutPlanner.Serving(from, Traffic.standby(to)));
    }

    @Test
    void promotingMakesTheCandidateThePrimaryAndKeepsThePreviousOnlyWhenAsked() {
        assertThat(serving(RolloutSpec.Expedited.DEFAULT, Phase.PROMOTING, -1))
                .isEqualTo(new RolloutPlanner.Serving(to, Traffic.NONE));
        assertThat(serving(KEEP, Phase.PROMOTING, -1))
                .isEqualTo(new RolloutPlanner.Serving(to, Traffic.standby(from)));
        assertThat(serving(KEEP, Phase.KEEPING_PREVIOUS, -1))
                .isEqualTo(new RolloutPlanner.Serving(to, Traffic.standby(from)));
        assertThat(serving(GRADUAL, Phase.PROMOTING, 2))
                .isEqualTo(new RolloutPlanner.Serving(to, Traffic.NONE));
    }

    @Test
    void completedServesTheCandidateAlone() {
        assertThat(serving(KEEP, Phase.COMPLETED, -1))
                .isEqualTo(new RolloutPlanner.Serving(to, Traffic.NONE));
    }

    @Test
    void everyOtherEndServesThePreviousVersionAlone() {
        for (Phase phase :
                List.of(Phase.ROLLED_BACK, Phase.ABORTED, Phase.REJECTED, Phase.FAILED)) {
            assertThat(serving(GRADUAL, phase, 1))
                    .as(phase.name())
                    .isEqualTo(new RolloutPlanner.Serving(from, Traffic.NONE));
        }
    }

    private RolloutPlanner.Serving serving(RolloutSpec spec, Phase phase, int step) {
        return RolloutPlanner.serving(fixture.rollout(7, spec, phase, step, false));
    }
}
