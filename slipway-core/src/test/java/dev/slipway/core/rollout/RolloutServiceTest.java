package dev.slipway.core.rollout;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.registry.VersionStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting rollouts and recording what people ask of them; the reconciler does the rest. */
class RolloutServiceTest {
    private final RolloutFixture fixture = new RolloutFixture();
    private final RolloutService service = fixture.service;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void startsInProvisioningAndTouchesNothingElse() {
        fixture.clock.advance(Duration.ofMinutes(3));

        Rollout rollout = service.start("scoring", "fraud:2", RolloutSpec.Gradual.DEFAULT);

        assertThat(rollout.id()).isEqualTo(1);
        assertThat(rollout.revision()).isEqualTo(1);
        assertThat(rollout.from()).isEqualTo(fixture.from);
        assertThat(rollout.to()).isEqualTo(fixture.to);
        assertThat(rollout.phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(rollout.step()).isEqualTo(-1);
        assertThat(rollout.phaseStartedAt()).isEqualTo(fixture.clock.instant());
        assertThat(fixture.rollouts.find(1)).contains(rollout);
        assertThat(fixture.endpoint().generation()).isEqualTo(1);
        assertThat(fixture.platform.events.all())
                .extracting(event -> event.subject() + " " + event.type() + ": " + event.message())
                .containsExactly(
                        "rollout/1 rollout.started: fraud:1 -> fraud:2 (gradual)",
                        "endpoint/scoring rollout.started: rollout 1: fraud:1 -> fraud:2 (gradual)");
    }

    @Test
    void resolvesAnAliasToTheVersionItNamesNow() {
        fixture.platform.registryStore.setAlias("fraud", "challenger", 2);

        Rollout rollout =
                service.start("scoring", "fraud@challenger", RolloutSpec.Expedited.DEFAULT);

        assertThat(rollout.to()).isEqualTo(fixture.to);
    }

    @Test
    void refusesTheVersionTheEndpointAlreadyServes() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                fixture.service.start(
                                        "scoring", "fraud:1", RolloutSpec.Expedited.DEFAULT))
                .hasMessage("endpoint 'scoring' already serves fraud:1");
    }

    @Test
    void refusesAnArchivedVersion() {
        fixture.platform.registryStore.updateStatus(fixture.to, VersionStatus.ARCHIVED);

        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> fixture.start(RolloutSpec.Expedited.DEFAULT))
                .hasMessage("model fraud:2 is archived and cannot be deployed");
        assertThat(fixture.rollouts.writes()).isZero();
    }

    @Test
    void refusesAnUnknownEndpointOrVersion() {
        assertFailsWith(
                        ErrorCode.ENDPOINT_NOT_FOUND,
                        () -> service.start("nope", "fraud:2", RolloutSpec.Expedited.DEFAULT))
                .hasMessage("endpoint 'nope' does not exist");
        assertFailsWith(
                ErrorCode.VERSION_NOT_FOUND,
                () -> service.start("scoring", "fraud:9", RolloutSpec.Expedited.DEFAULT));
    }

    @Test
    void refusesASecondActiveRolloutUntilTheFirstEnded() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);

        assertFailsWith(ErrorCode.ROLLOUT_ACTIVE, () -> fixture.start(RolloutSpec.Gradual.DEFAULT))
                .hasMessage(
                        "endpoint 'scoring' already has an active rollout (1); approve, abort or"
                                + " wait for it first");
        assertFailsWith(ErrorCode.ROLLOUT_ACTIVE, () -> service.requireNoActiveRollout("scoring"));

        service.request(1, Action.ABORT);
        fixture.pass();
        service.requireNoActiveRollout("scoring");
        assertThat(fixture.start(RolloutSpec.Gradual.DEFAULT).id()).isEqualTo(2);
    }

    @Test
    void recordsARequestForTheNextPass() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        int endpointWrites = fixture.platform.endpointStore.writes();

        Rollout requested = service.request(1, Action.ROLLBACK);

        assertThat(requested.pending()).isEqualTo(Action.ROLLBACK);
        assertThat(requested.phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(requested.revision()).isEqualTo(2);
        assertThat(fixture.platform.endpointStore.writes()).isEqualTo(endpointWrites);
        assertThat(fixture.platform.events.last().subject()).isEqualTo("rollout/1");
        assertThat(fixture.platform.events.last().type()).isEqualTo("rollout.rollback-requested");
    }

    @Test
    void refusesRequestsToAnEndedRollout() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        service.request(1, Action.ABORT);
        fixture.pass();

        for (Action action : Action.values()) {
            assertFailsWith(ErrorCode.ROLLOUT_ENDED, () -> service.request(1, action))
                    .hasMessage("rollout 1 already ended (aborted)");
        }
    }

    @Test
    void refusesAnApprovalWhenNothingWaitsForOne() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);

        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> service.request(1, Action.APPROVE))
                .hasMessage("rollout 1 is provisioning; nothing waits for approval");
        assertThat(fixture.rollout().pending()).isNull();
    }

    @Test
    void refusesAnUnknownRollout() {
        assertFailsWith(ErrorCode.ROLLOUT_NOT_FOUND, () -> service.request(7, Action.ABORT))
                .hasMessage("rollout 7 does not exist");
        assertFailsWith(ErrorCode.ROLLOUT_NOT_FOUND, () -> service.events(7));
    }

    @Test
    void listsTheEventsOfOneRollout() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        service.request(1, Action.ABORT);

        assertThat(service.events(1))
                .extracting(event -> event.type())
                .containsExactly("rollout.started", "rollout.abort-requested");
    }
}
