package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.rollout.RolloutFixture.Pass;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Traffic steps that bake under guardrails, wait for approvals and end in a promotion. */
class GradualRolloutTest {
    private static final Duration BAKE = Duration.ofMinutes(1);
    private static final TrafficWindow HEALTHY = new TrafficWindow(20, 0, 12);
    private static final TrafficWindow PRIMARY = new TrafficWindow(180, 1, 10);

    private final RolloutFixture fixture = new RolloutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void entersTheFirstStepOnceTheCandidateIsValidated() {
        fixture.store(gradual(Guardrails.DEFAULT, Set.of()), Phase.VALIDATING, -1);
        fixture.view.serveAsCandidate(fixture.to);

        Pass entered = fixture.pass();

        assertThat(entered.types())
                .containsExactly("rollout/1 rollout.validated", "rollout/1 rollout.step");
        assertThat(entered.message("rollout.step")).isEqualTo("10% of traffic to fraud:2");
        assertThat(entered.endpointWrites()).isEqualTo(1);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 10));
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.BAKING);
        assertThat(fixture.rollout().step()).isZero();
        assertThat(fixture.rollout().phaseStartedAt()).isEqualTo(fixture.clock.instant());
    }

    @Test
    void advancesOnlyAfterTheBakeTimeAndTheMinimumRequests() {
        Rollout baking = fixture.store(gradual(Guardrails.DEFAULT, Set.of()), Phase.BAKING, 0);
        fixture.metrics.window(fixture.to, new TrafficWindow(500, 0, 12));
        fixture.metrics.window(fixture.from, PRIMARY);
        fixture.clock.advance(BAKE.minusMillis(1));
        fixture.pass().assertNothingWritten();
        assertThat(fixture.metrics.lastSince()).isEqualTo(baking.phaseStartedAt());

        fixture.clock.advance(Duration.ofMillis(1));
        fixture.metrics.window(fixture.to, new TrafficWindow(19, 0, 12));
        fixture.pass().assertNothingWritten();

        fixture.metrics.window(fixture.to, HEALTHY);
        Pass advanced = fixture.pass();

        assertThat(advanced.types())
                .containsExactly("rollout/1 rollout.step-passed", "rollout/1 rollout.step");
        assertThat(advanced.message("rollout.step-passed"))
                .isEqualTo(
                        "10% baked 60s: 20 requests, error rate 0.000, p99 12.00 ms"
                                + " (primary 180 requests, p99 10.00 ms)");
        assertThat(advanced.message("rollout.step")).isEqualTo("50% of traffic to fraud:2");
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 50));
        assertThat(fixture.rollout().step()).isEqualTo(1);
        assertThat(fixture.rollout().phaseStartedAt()).isEqualTo(fixture.clock.instant());
    }

    @Test
    void promotesAfterTheLastStepBaked() {
        fixture.store(gradual(Guardrails.DEFAULT, Set.of()), Phase.BAKING, 2);
        fixture.metrics.window(fixture.to, HEALTHY);
        fixture.clock.advance(BAKE);

        Pass promoting = fixture.pass();

        assertThat(promoting.types())
                .containsExactly("rollout/1 rollout.step-passed", "rollout/1 rollout.promoting");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROMOTING);
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.to);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
    }

    @Test
    void rollsBackWhenTheErrorRateIsBreachedEvenBeforeTheBakeTime() {
        fixture.store(gradual(Guardrails.DEFAULT, Set.of()), Phase.BAKING, 1);
        fixture.metrics.window(fixture.to, new TrafficWindow(100, 6, 12));

        assertRolledBack("guardrail breached at 50%: error rate 0.060 > 0.050 over 100 requests");
    }

    @Test
    void rollsBackWhenTheP99IsAboveTheLimit() {
        Guardrails guardrails = new Guardrails(null, null, Duration.ofMillis(250), 20);
        fixture.store(gradual(guardrails, Set.of()), Phase.BAKING, 0);
        fixture.metrics.window(fixture.to, new TrafficWindow(20, 0, 300.5));

        assertRolledBack(
                "guardrail breached at 10%: p99 latency 300.5 ms > 250 ms over 20 requests");
    }

    @Test
    void rollsBackWhenTheP99IsTooFarAboveThePrimarys() {
        Guardrails guardrails = new Guardrails(null, 1.5, null, 20);
        fixture.store(gradual(guardrails, Set.of()), Phase.BAKING, 0);
        fixture.metrics.window(fixture.to, new TrafficWindow(20, 0, 16));
        fixture.metrics.window(fixture.from, new TrafficWindow(20, 0, 10));

        assertRolledBack(
                "guardrail breached at 10%: p99 latency 16.00 ms is 1.60x the primary's 10.00 ms"
                        + " (limit 1.50x)");
    }

    @Test
    void ignoresTheP99RatioWhileThePrimaryHasTooFewRequests() {
        Guardrails guardrails = new Guardrails(null, 1.5, null, 20);
        fixture.store(gradual(guardrails, Set.of()), Phase.BAKING, 0);
        fixture.metrics.window(fixture.to, new TrafficWindow(20, 0, 16));
        fixture.metrics.window(fixture.from, new TrafficWindow(19, 0, 10));
        fixture.clock.advance(BAKE);

        Pass advanced = fixture.pass();

        assertThat(advanced.types()).contains("rollout/1 rollout.step-passed");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.BAKING);
        assertThat(fixture.rollout().step()).isEqualTo(1);
    }

    @Test
    void waitsForApprovalBeforeAGatedStepThenAppliesItsShare() {
        fixture.store(gradual(Guardrails.DEFAULT, Set.of(50)), Phase.BAKING, 0);
        fixture.metrics.window(fixture.to, HEALTHY);
        fixture.clock.advance(BAKE);

        Pass gated = fixture.pass();
        assertThat(gated.types())
                .containsExactly(
                        "rollout/1 rollout.step-passed", "rollout/1 rollout.awaiting-approval");
        assertThat(gated.message("rollout.awaiting-approval"))
                .isEqualTo("step 50% waits for approval");
        assertThat(gated.endpointWrites()).isZero();
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.AWAITING_APPROVAL);
        assertThat(fixture.rollout().step()).isEqualTo(1);
        fixture.clock.advance(Duration.ofHours(1));
        fixture.pass().assertNothingWritten();
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 10));

        fixture.service.request(1, Action.APPROVE);
        assertThat(fixture.rollout().pending()).isEqualTo(Action.APPROVE);
        Pass approved = fixture.pass();

        assertThat(approved.types())
                .containsExactly("rollout/1 rollout.approved", "rollout/1 rollout.step");
        assertThat(approved.message("rollout.approved")).isEqualTo("step 50% approved");
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 50));
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.BAKING);
        assertThat(fixture.rollout().step()).isEqualTo(1);
        assertThat(fixture.rollout().pending()).isNull();
        assertThat(fixture.rollout().phaseStartedAt()).isEqualTo(fixture.clock.instant());
    }

    @Test
    void aGateOnTheFirstStepKeepsTheCandidateWithoutTrafficUntilApproved() {
        fixture.store(gradual(Guardrails.DEFAULT, Set.of(10)), Phase.VALIDATING, -1);
        fixture.view.serveAsCandidate(fixture.to);

        Pass gated = fixture.pass();
        assertThat(gated.types())
                .containsExactly(
                        "rollout/1 rollout.validated", "rollout/1 rollout.awaiting-approval");
        assertThat(gated.endpointWrites()).isZero();
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.standby(fixture.to));

        fixture.service.request(1, Action.APPROVE);
        fixture.pass();

        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.split(fixture.to, 10));
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.BAKING);
    }

    private void assertRolledBack(String reason) {
        Pass rolledBack = fixture.pass();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(fixture.rollout().reason()).isEqualTo(reason);
        assertThat(rolledBack.types())
                .containsExactly(
                        "rollout/1 rollout.rolled-back", "endpoint/scoring rollout.rolled-back");
        assertThat(rolledBack.message("rollout.rolled-back")).isEqualTo(reason);
        assertThat(rolledBack.endpointWrites()).isEqualTo(1);
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.from);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
    }

    private static RolloutSpec.Gradual gradual(Guardrails guardrails, Set<Integer> approvals) {
        return new RolloutSpec.Gradual(
                List.of(10, 50, 100), BAKE, guardrails, approvals, Duration.ZERO);
    }
}
