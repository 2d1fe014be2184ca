package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.analysis.EquivalenceCriteria;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Specs and guardrails check themselves, and say which field is wrong. */
class RolloutSpecTest {
    private static final EquivalenceCriteria CRITERIA = EquivalenceCriteria.minPairsOnly(10);

    @Test
    void namesEachStrategy() {
        assertThat(RolloutSpec.Expedited.DEFAULT.strategy()).isEqualTo("expedited");
        assertThat(RolloutSpec.Gradual.DEFAULT.strategy()).isEqualTo("gradual");
        assertThat(new RolloutSpec.Shadow(5, CRITERIA, false, RolloutSpec.Expedited.DEFAULT))
                .extracting(RolloutSpec::strategy)
                .isEqualTo("shadow");
    }

    @Test
    void expeditedKeepsThePreviousVersionForZeroOrMore() {
        assertThatThrownBy(() -> new RolloutSpec.Expedited(Duration.ofSeconds(-1)))
                .hasMessage("expedited.keepPreviousFor must be >= 0");
        assertThatThrownBy(() -> new RolloutSpec.Expedited(null)).hasMessage("keepPreviousFor");
    }

    @Test
    void gradualStepsIncreaseStrictlyUpTo100() {
        assertThatThrownBy(() -> gradual(List.of(10, 50)))
                .hasMessage("gradual.steps must end at 100, got [10, 50]");
        assertThatThrownBy(() -> gradual(List.of()))
                .hasMessage("gradual.steps must end at 100, got []");
        assertThatThrownBy(() -> gradual(List.of(50, 50, 100)))
                .hasMessage(
                        "gradual.steps must increase strictly within (0, 100], got [50, 50, 100]");
        assertThatThrownBy(() -> gradual(List.of(0, 100)))
                .hasMessage("gradual.steps must increase strictly within (0, 100], got [0, 100]");
        assertThatThrownBy(() -> gradual(List.of(150, 100)))
                .hasMessage("gradual.steps must increase strictly within (0, 100], got [150, 100]");
        assertThat(gradual(List.of(100)).steps()).containsExactly(100);
    }

    @Test
    void gradualApprovalsNameSteps() {
        assertThatThrownBy(
                        () ->
                                new RolloutSpec.Gradual(
                                        List.of(10, 100),
                                        Duration.ZERO,
                                        Guardrails.DEFAULT,
                                        Set.of(50),
                                        Duration.ZERO))
                .hasMessage("gradual.approvalBefore [50] must name steps of [10, 100]");
        assertThat(
                        new RolloutSpec.Gradual(
                                        List.of(10, 100),
                                        Duration.ZERO,
                                        Guardrails.DEFAULT,
                                        null,
                                        Duration.ZERO)
                                .approvalBefore())
                .isEmpty();
    }

    @Test
    void gradualTimesAreNotNegative() {
        assertThatThrownBy(
                        () ->
                                new RolloutSpec.Gradual(
                                        List.of(100),
                                        Duration.ofSeconds(-1),
                                        Guardrails.DEFAULT,
                                        Set.of(),
                                        Duration.ZERO))
                .hasMessage("gradual.bake and keepPreviousFor must be >= 0");
        assertThatThrownBy(
                        () ->
                                new RolloutSpec.Gradual(
                                        List.of(100),
                                        Duration.ZERO,
                                        Guardrails.DEFAULT,
                                        Set.of(),
                                        Duration.ofSeconds(-1)))
                .hasMessage("gradual.bake and keepPreviousFor must be >= 0");
    }

    @Test
    void linearStepsEndAt100() {
        assertThat(RolloutSpec.Gradual.linear(20)).containsExactly(20, 40, 60, 80, 100);
        assertThat(RolloutSpec.Gradual.linear(30)).containsExactly(30, 60, 90, 100);
        assertThat(RolloutSpec.Gradual.linear(100)).containsExactly(100);
        assertThatThrownBy(() -> RolloutSpec.Gradual.linear(0))
                .hasMessage("gradual.linear.step must be in [1, 100], got 0");
        assertThatThrownBy(() -> RolloutSpec.Gradual.linear(101))
                .hasMessage("gradual.linear.step must be in [1, 100], got 101");
    }

    @Test
    void shadowMirrorsAShareAndIsFollowedByAnotherStrategy() {
        RolloutSpec then = RolloutSpec.Expedited.DEFAULT;
        assertThatThrownBy(() -> new RolloutSpec.Shadow(0, CRITERIA, false, then))
                .hasMessage("shadow.mirrorPercent must be in [1, 100], got 0");
        assertThatThrownBy(() -> new RolloutSpec.Shadow(101, CRITERIA, false, then))
                .hasMessage("shadow.mirrorPercent must be in [1, 100], got 101");
        RolloutSpec.Shadow shadow = new RolloutSpec.Shadow(100, CRITERIA, false, then);
        assertThatThrownBy(() -> new RolloutSpec.Shadow(10, CRITERIA, false, shadow))
                .hasMessage("shadow.then must be gradual or expedited");
        assertThatThrownBy(() -> new RolloutSpec.Shadow(10, null, false, then))
                .hasMessage("criteria");
        assertThatThrownBy(() -> new RolloutSpec.Shadow(10, CRITERIA, false, null))
                .hasMessage("then");
    }

    @Test
    void guardrailsRejectBoundsOutOfRange() {
        assertThatThrownBy(() -> new Guardrails(1.5, null, null, 1))
                .hasMessage("guardrails.maxErrorRate must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new Guardrails(Double.NaN, null, null, 1))
                .hasMessage("guardrails.maxErrorRate must be in [0, 1], got NaN");
        assertThatThrownBy(() -> new Guardrails(null, 0.0, null, 1))
                .hasMessage("guardrails.latencyP99Ratio must be > 0, got 0.0");
        assertThatThrownBy(() -> new Guardrails(null, Double.NaN, null, 1))
                .hasMessage("guardrails.latencyP99Ratio must be > 0, got NaN");
        assertThatThrownBy(() -> new Guardrails(null, null, Duration.ZERO, 1))
                .hasMessage("guardrails.maxP99 must be positive, got PT0S");
        assertThatThrownBy(() -> new Guardrails(null, null, null, 0))
                .hasMessage("guardrails.minRequests must be >= 1, got 0");
    }

    @Test
    void guardrailsJudgeNothingBeforeMinRequests() {
        Guardrails guardrails = new Guardrails(0.0, 1.0, Duration.ofMillis(1), 20);
        TrafficWindow awful = new TrafficWindow(19, 19, 5_000);

        assertThat(guardrails.breach(awful, new TrafficWindow(100, 0, 1))).isEmpty();
        assertThat(guardrails.breach(new TrafficWindow(20, 0, 0.5), TrafficWindow.EMPTY)).isEmpty();
    }

    @Test
    void trafficWindowsWithoutRequestsHaveNoErrors() {
        assertThat(TrafficWindow.EMPTY.errorRate()).isZero();
        assertThat(new TrafficWindow(8, 2, 0).errorRate()).isEqualTo(0.25);
    }

    private static RolloutSpec.Gradual gradual(List<Integer> steps) {
        return new RolloutSpec.Gradual(
                steps, Duration.ZERO, Guardrails.DEFAULT, Set.of(), Duration.ZERO);
    }
}
