package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.golden.Mismatch;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.core.rollout.RolloutFixture.Pass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An expedited rollout pass by pass, and the ways it fails before the switch. */
class ExpeditedRolloutTest {
    private final RolloutFixture fixture = new RolloutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void provisionsValidatesPromotesAndCompletes() {
        Rollout started = fixture.start(RolloutSpec.Expedited.DEFAULT);
        assertThat(started.phase()).isEqualTo(Phase.PROVISIONING);

        Pass loading = fixture.pass();
        assertThat(loading.endpointWrites()).isEqualTo(1);
        assertThat(loading.rolloutWrites()).isZero();
        assertThat(loading.events()).isEmpty();
        assertServing(2, fixture.from, Traffic.standby(fixture.to));
        assertThat(fixture.endpointsChanged).hasValue(1);
        fixture.pass().assertNothingWritten();

        fixture.view.serveAsCandidate(fixture.to);
        Pass provisioned = fixture.pass();
        assertThat(provisioned.endpointWrites()).isZero();
        assertThat(provisioned.types()).containsExactly("rollout/1 rollout.provisioned");
        assertThat(provisioned.message("rollout.provisioned"))
                .isEqualTo("fraud:2 is loaded beside fraud:1");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.VALIDATING);
        assertThat(fixture.rollout().revision()).isEqualTo(2);
        assertThat(fixture.view.validations()).isEmpty();

        Pass validated = fixture.pass();
        assertThat(fixture.view.validations()).containsExactly(List.of(RolloutFixture.GOLDEN));
        assertThat(validated.types())
                .containsExactly("rollout/1 rollout.validated", "rollout/1 rollout.promoting");
        assertThat(validated.message("rollout.validated"))
                .isEqualTo("fraud:2: 1 golden example(s) passed");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROMOTING);
        assertServing(3, fixture.to, Traffic.NONE);
        assertThat(fixture.endpoint().ref()).isEqualTo(new ModelRef.Pinned("fraud", 2));
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.REGISTERED);
        fixture.pass().assertNothingWritten();

        fixture.view.serveAsPrimary(fixture.to);
        Pass promoted = fixture.pass();
        assertThat(promoted.endpointWrites()).isZero();
        assertThat(promoted.types())
                .containsExactly(
                        "model/fraud version.serving",
                        "rollout/1 rollout.promoted",
                        "rollout/1 rollout.completed",
                        "endpoint/scoring rollout.completed");
        assertThat(promoted.events().getLast().message()).isEqualTo("rollout 1 fraud:1 -> fraud:2");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(fixture.rollout().reason()).isEmpty();
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.SERVING);
        assertThat(fixture.status(fixture.from)).isEqualTo(VersionStatus.PREVIOUS);
        assertThat(fixture.rollouts.active()).isEmpty();
        fixture.pass().assertNothingWritten();
    }

    @Test
    void keepsThePreviousVersionWarmUntilTheClockPassesTheKeepTime() {
        fixture.start(new RolloutSpec.Expedited(Duration.ofMinutes(5)));
        fixture.view.serveAsCandidate(fixture.to);
        fixture.passUntil(Phase.PROMOTING);
        assertServing(3, fixture.to, Traffic.standby(fixture.from));

        fixture.view.serveAsPrimary(fixture.to);
        Pass promoted = fixture.pass();
        assertThat(promoted.endpointWrites()).isZero();
        assertThat(promoted.types())
                .containsExactly(
                        "model/fraud version.serving",
                        "rollout/1 rollout.promoted",
                        "rollout/1 rollout.keeping-previous");
        assertThat(promoted.message("rollout.keeping-previous"))
                .isEqualTo("fraud:1 stays loaded for 300s");
        Instant keptSince = fixture.clock.instant();
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.KEEPING_PREVIOUS);
        assertThat(fixture.rollout().phaseStartedAt()).isEqualTo(keptSince);

        fixture.clock.advance(Duration.ofMinutes(5).minusMillis(1));
        fixture.pass().assertNothingWritten();

        fixture.clock.advance(Duration.ofMillis(1));
        Pass completed = fixture.pass();
        assertThat(completed.types())
                .containsExactly(
                        "rollout/1 rollout.completed", "endpoint/scoring rollout.completed");
        assertThat(completed.message("rollout.completed")).isEqualTo("fraud:1 unloaded");
        assertServing(4, fixture.to, Traffic.NONE);
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.COMPLETED);
    }

    @Test
    void aGoldenMismatchFailsTheRolloutAndUnloadsTheCandidate() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        fixture.view.serveAsCandidate(fixture.to);
        fixture.passUntil(Phase.VALIDATING);
        fixture.view.mismatch(
                new Mismatch("doubles", "y", 1, 4.0, 5.0, "doubles: y[1] expected 4.0, got 5.0"));

        Pass failed = fixture.pass();

        String reason =
                "golden examples failed on a loaded copy: fraud:2: 1 golden mismatch(es);"
                        + " doubles: y[1] expected 4.0, got 5.0";
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.FAILED);
        assertThat(fixture.rollout().reason()).isEqualTo(reason);
        assertThat(failed.types())
                .containsExactly("rollout/1 rollout.failed", "endpoint/scoring rollout.failed");
        assertThat(failed.events().getLast().message())
                .isEqualTo("rollout 1 fraud:1 -> fraud:2: " + reason);
        assertServing(3, fixture.from, Traffic.NONE);
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.REGISTERED);
        assertThat(fixture.status(fixture.from)).isEqualTo(VersionStatus.REGISTERED);
    }

    @Test
    void aCandidateThatDoesNotLoadFailsTheRollout() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        fixture.pass();
        fixture.view.failLoad(fixture.to, "out of memory");

        Pass failed = fixture.pass();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.FAILED);
        assertThat(fixture.rollout().reason())
                .isEqualTo("the candidate did not load: out of memory");
        assertThat(failed.types())
                .containsExactly("rollout/1 rollout.failed", "endpoint/scoring rollout.failed");
        assertServing(3, fixture.from, Traffic.NONE);
        assertThat(fixture.view.validations()).isEmpty();
    }

    @Test
    void aDeletedEndpointFailsTheRollout() {
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        fixture.pass();
        fixture.platform.endpointStore.delete(RolloutFixture.ENDPOINT);

        Pass failed = fixture.pass();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.FAILED);
        assertThat(fixture.rollout().reason()).isEqualTo("endpoint 'scoring' was deleted");
        assertThat(failed.endpointWrites()).isZero();
        assertThat(failed.rolloutWrites()).isEqualTo(1);
        assertThat(failed.types()).containsExactly("rollout/1 rollout.failed");
        fixture.pass().assertNothingWritten();
    }

    @Test
    void anAliasedEndpointKeepsItsReferenceAndTheAliasFollowsThePrimary() {
        fixture.followChampion();
        fixture.start(RolloutSpec.Expedited.DEFAULT);
        fixture.view.serveAsCandidate(fixture.to);
        fixture.passUntil(Phase.VALIDATING);
        assertThat(fixture.champion()).isEqualTo(1);

        Pass promoting = fixture.pass();

        assertThat(fixture.endpoint().ref()).isEqualTo(new ModelRef.Aliased("fraud", "champion"));
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.to);
        assertThat(fixture.champion()).isEqualTo(2);
        assertThat(promoting.types())
                .containsExactly(
                        "model/fraud alias.set",
                        "rollout/1 rollout.validated",
                        "rollout/1 rollout.promoting");
    }

    private void assertServing(long generation, ModelVersionId primary, Traffic traffic) {
        Endpoint endpoint = fixture.endpoint();
        assertThat(endpoint.generation()).as("generation").isEqualTo(generation);
        assertThat(endpoint.version()).as("primary").isEqualTo(primary);
        assertThat(endpoint.traffic()).as("traffic").isEqualTo(traffic);
    }
}
