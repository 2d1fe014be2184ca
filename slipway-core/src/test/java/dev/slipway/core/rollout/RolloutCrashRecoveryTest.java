package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.RolloutFixture.Pass;
import dev.slipway.core.testing.InMemoryRolloutStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pass that stopped after writing the endpoint but before storing the rollout: the next pass
 * starts from the old rollout and must reach the same state, writing nothing twice.
 */
class RolloutCrashRecoveryTest {
    private static final RolloutSpec.Gradual GRADUAL =
            new RolloutSpec.Gradual(
                    List.of(10, 100),
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
    void aValidationRepeatedAfterACrashEntersTheStepWithoutWritingTheEndpointAgain() {
        fixture.store(GRADUAL, Phase.VALIDATING, -1);
        fixture.view.serveAsCandidate(fixture.to);
        crashAfterWriting(fixture.from, Traffic.split(fixture.to, 10));
        Endpoint written = fixture.endpoint();

        Pass repeated = fixture.pass();

        assertThat(repeated.endpointWrites()).isZero();
        assertThat(repeated.rolloutWrites()).isEqualTo(1);
        assertThat(repeated.types())
                .containsExactly("rollout/1 rollout.validated", "rollout/1 rollout.step");
        assertThat(fixture.endpoint()).isEqualTo(written);
        assertThat(fixture.endpointsChanged).hasValue(0);
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.BAKING);
        assertThat(fixture.rollout().step()).isZero();
        fixture.pass().assertNothingWritten();
    }

    @Test
    void aPromotionRepeatedAfterACrashStillMovesTheAlias() {
        fixture.followChampion();
        fixture.store(GRADUAL, Phase.BAKING, 1);
        fixture.metrics.window(fixture.to, new TrafficWindow(50, 0, 10));
        fixture.clock.advance(Duration.ofMinutes(1));
        crashAfterWriting(fixture.to, Traffic.NONE);
        assertThat(fixture.champion()).isEqualTo(1);

        Pass repeated = fixture.pass();

        assertThat(repeated.endpointWrites()).isZero();
        assertThat(repeated.rolloutWrites()).isEqualTo(1);
        assertThat(fixture.champion()).isEqualTo(2);
        assertThat(repeated.types())
                .containsExactly(
                        "model/fraud alias.set",
                        "rollout/1 rollout.step-passed",
                        "rollout/1 rollout.promoting");
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROMOTING);
        fixture.pass().assertNothingWritten();
    }

    @Test
    void aPromotionRepeatedAfterTheAliasMovedDoesNotMoveItAgain() {
        fixture.followChampion();
        fixture.store(GRADUAL, Phase.BAKING, 1);
        fixture.metrics.window(fixture.to, new TrafficWindow(50, 0, 10));
        fixture.clock.advance(Duration.ofMinutes(1));
        crashAfterWriting(fixture.to, Traffic.NONE);
        fixture.platform.registry.setAlias("fraud", "champion", 2);

        Pass repeated = fixture.pass();

        assertThat(repeated.endpointWrites()).isZero();
        assertThat(repeated.types())
                .containsExactly("rollout/1 rollout.step-passed", "rollout/1 rollout.promoting");
    }

    @Test
    void aRollbackDecidedAfterACrashedPromotionMovesTheAliasBack() {
        fixture.followChampion();
        fixture.store(GRADUAL, Phase.BAKING, 1);
        crashAfterWriting(fixture.to, Traffic.NONE);
        fixture.platform.registry.setAlias("fraud", "champion", 2);
        fixture.metrics.window(fixture.to, new TrafficWindow(50, 50, 10));

        Pass rolledBack = fixture.pass();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(rolledBack.endpointWrites()).isEqualTo(1);
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.from);
        assertThat(fixture.champion()).isEqualTo(1);
    }

    @Test
    void aPassThatRacedAPersonsRequestWritesNothingAndTheNextPassCarriesItOut() {
        Rollout read = fixture.store(GRADUAL, Phase.PROVISIONING, -1);
        fixture.view.serveAsCandidate(fixture.to);
        fixture.service.request(read.id(), Action.ABORT);
        RolloutReconciler racing = reconcilerReading(read);

        racing.reconcileOnce();
        racing.close();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(fixture.rollout().pending()).isEqualTo(Action.ABORT);
        assertThat(fixture.platform.events.types()).doesNotContain("rollout.provisioned");
        fixture.pass();
        assertThat(fixture.rollout().phase()).isEqualTo(Phase.ABORTED);
    }

    /** The endpoint as the crashed pass wrote it; the rollout stays as it was. */
    private void crashAfterWriting(ModelVersionId primary, Traffic traffic) {
        Endpoint endpoint = fixture.endpoint();
        ModelRef ref =
                endpoint.ref() instanceof ModelRef.Aliased
                        ? endpoint.ref()
                        : new ModelRef.Pinned(primary.model(), primary.version());
        fixture.writeEndpoint(endpoint.withServing(ref, primary, traffic, fixture.clock.instant()));
    }

    /** A reconciler that read {@code rollout} as active just before it changed. */
    private RolloutReconciler reconcilerReading(Rollout rollout) {
        InMemoryRolloutStore store = fixture.rollouts;
        RolloutStore staleActive =
                new RolloutStore() {
                    @Override
                    public Rollout insert(Rollout inserted) {
                        return store.insert(inserted);
                    }

                    @Override
                    public Optional<Rollout> find(long id) {
                        return store.find(id);
                    }

                    @Override
                    public List<Rollout> active() {
                        return List.of(rollout);
                    }

                    @Override
                    public List<Rollout> recent(String endpoint, int limit) {
                        return store.recent(endpoint, limit);
                    }

                    @Override
                    public Rollout update(Rollout updated) {
                        return store.update(updated);
                    }

                    @Override
                    public <T> T atomically(Supplier<T> work) {
                        return store.atomically(work);
                    }

                    @Override
                    public Optional<RolloutSpec> defaultSpec(String endpoint) {
                        return store.defaultSpec(endpoint);
                    }

                    @Override
                    public void setDefaultSpec(String endpoint, RolloutSpec spec) {
                        store.setDefaultSpec(endpoint, spec);
                    }
                };
        return new RolloutReconciler(
                staleActive,
                fixture.platform.endpointStore,
                fixture.view,
                fixture.metrics,
                fixture.captures,
                fixture.platform.registry,
                fixture.platform.events,
                fixture.clock,
                () -> {});
    }
}
