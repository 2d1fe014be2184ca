package dev.slipway.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.analysis.EquivalenceCriteria;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.core.rollout.RolloutFixture.Pass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A person's abort or rollback, from every phase that has not ended, restores the endpoint. */
class AbortAndRollbackTest {
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

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A rollout stored in a phase that has not ended. */
    record Stored(RolloutSpec spec, Phase phase, int step) {
        @Override
        public String toString() {
            return phase + " step " + step + " of " + spec.strategy();
        }
    }

    static List<Arguments> requests() {
        List<Stored> stored =
                List.of(
                        new Stored(RolloutSpec.Expedited.DEFAULT, Phase.PROVISIONING, -1),
                        new Stored(GRADUAL, Phase.VALIDATING, -1),
                        new Stored(SHADOW, Phase.MIRRORING, -1),
                        new Stored(SHADOW, Phase.AWAITING_APPROVAL, -1),
                        new Stored(GRADUAL, Phase.AWAITING_APPROVAL, 1),
                        new Stored(GRADUAL, Phase.BAKING, 1),
                        new Stored(RolloutSpec.Expedited.DEFAULT, Phase.PROMOTING, -1),
                        new Stored(KEEP, Phase.KEEPING_PREVIOUS, -1));
        List<Arguments> arguments = new ArrayList<>();
        for (Action action : List.of(Action.ABORT, Action.ROLLBACK)) {
            stored.forEach(rollout -> arguments.add(Arguments.of(rollout, action)));
        }
        return arguments;
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("requests")
    void restoresThePreviousVersionAloneAndMovesTheAliasBack(Stored stored, Action action) {
        fixture.followChampion();
        fixture.store(stored.spec(), stored.phase(), stored.step());
        boolean promoted = RolloutPlanner.serving(fixture.rollout()).primary().equals(fixture.to);
        long generation = fixture.endpoint().generation();
        fixture.service.request(1, action);

        Pass ended = fixture.pass();

        Phase terminal = action == Action.ABORT ? Phase.ABORTED : Phase.ROLLED_BACK;
        String reason =
                (action == Action.ABORT ? "aborted" : "rolled back")
                        + " by a person; the endpoint serves fraud:1 again";
        String type = "rollout." + terminal.wireName().replace('_', '-');
        assertThat(fixture.rollout().phase()).isEqualTo(terminal);
        assertThat(fixture.rollout().reason()).isEqualTo(reason);
        assertThat(fixture.rollout().pending()).isNull();
        assertThat(fixture.endpoint().version()).isEqualTo(fixture.from);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
        assertThat(fixture.endpoint().ref()).isEqualTo(new ModelRef.Aliased("fraud", "champion"));
        assertThat(fixture.endpoint().generation()).isEqualTo(generation + 1);
        assertThat(fixture.champion()).isEqualTo(1);
        assertThat(ended.endpointWrites()).isEqualTo(1);
        assertThat(ended.rolloutWrites()).isEqualTo(1);
        List<String> expected = new ArrayList<>();
        if (stored.phase() == Phase.KEEPING_PREVIOUS) {
            expected.add("model/fraud version.serving");
        }
        if (promoted) {
            expected.add("model/fraud alias.set");
        }
        expected.addAll(List.of("rollout/1 " + type, "endpoint/scoring " + type));
        assertThat(ended.types()).containsExactlyElementsOf(expected);
        assertThat(ended.events().getLast().message())
                .isEqualTo("rollout 1 fraud:1 -> fraud:2: " + reason);
        fixture.pass().assertNothingWritten();
    }

    @Test
    void aRollbackAfterThePromotionMakesThePreviousVersionServingAgain() {
        fixture.store(KEEP, Phase.KEEPING_PREVIOUS, -1);
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.SERVING);
        fixture.service.request(1, Action.ROLLBACK);

        fixture.pass();

        assertThat(fixture.status(fixture.from)).isEqualTo(VersionStatus.SERVING);
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.PREVIOUS);
    }

    @Test
    void anAbortBeforeThePromotionLeavesTheStatusesAlone() {
        fixture.store(RolloutSpec.Expedited.DEFAULT, Phase.PROMOTING, -1);
        fixture.service.request(1, Action.ABORT);

        fixture.pass();

        assertThat(fixture.status(fixture.from)).isEqualTo(VersionStatus.REGISTERED);
        assertThat(fixture.status(fixture.to)).isEqualTo(VersionStatus.REGISTERED);
    }

    @Test
    void anAbortWinsOverAnApprovalRecordedBeforeIt() {
        fixture.store(GRADUAL, Phase.AWAITING_APPROVAL, 1);
        fixture.service.request(1, Action.APPROVE);
        fixture.service.request(1, Action.ABORT);

        fixture.pass();

        assertThat(fixture.rollout().phase()).isEqualTo(Phase.ABORTED);
        assertThat(fixture.endpoint().traffic()).isEqualTo(Traffic.NONE);
    }
}
