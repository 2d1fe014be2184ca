package dev.slipway.cli.apply;

import static dev.slipway.cli.apply.ServerAnswers.endpoint;
import static dev.slipway.cli.apply.ServerAnswers.model;
import static dev.slipway.cli.apply.ServerAnswers.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.ServerAnswers.StoredVersion;
import dev.slipway.cli.input.JacksonMappers;
import dev.slipway.cli.input.ModelReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning rollouts: an endpoint's spec.rollout on a model change, a version's rollout. */
class RolloutPlanningTest {

    private static final RolloutSpec GRADUAL =
            new RolloutSpec.Gradual(List.of(10, 50, 100), null, "30s", null, null, null);
    private static final String NEW_SHA = "a".repeat(64);
    private static final Model WINE =
            model(
                    "wine",
                    null,
                    null,
                    Map.of("champion", 1),
                    List.of(
                            new StoredVersion(1, "1".repeat(64), "onnx"),
                            new StoredVersion(2, "2".repeat(64), "onnx")));

    @Test
    void aModelChangeWithASpecRolloutStartsThatRollout() {
        ManifestSet manifests = endpoints(endpointManifest("wine:2", null, GRADUAL));
        ServerState state = state(WINE, serving("wine:1", 1));

        UpdateEndpoint update =
                (UpdateEndpoint) ApplyPlanner.plan(manifests, state).changes().get(0);

        assertThat(update)
                .isEqualTo(
                        new UpdateEndpoint(
                                "wine",
                                new EndpointSpec(null, "wine:2", null, null, null, GRADUAL),
                                List.of(),
                                "wine:1 -> wine:2 (gradual)"));
        assertThat(PlanWording.wouldDo(update))
                .isEqualTo(
                        "(dry run) endpoint/wine: would start rollout wine:1 -> wine:2 (gradual)");
        assertThat(PlanWording.done(update, null, 7L))
                .isEqualTo(
                        "endpoint/wine: rollout wine:1 -> wine:2 (gradual) started as rollout 7");
    }

    @Test
    void otherChangesTravelWithTheRollout() {
        ManifestSet manifests = endpoints(endpointManifest("wine:2", 2, GRADUAL));

        UpdateEndpoint update =
                (UpdateEndpoint)
                        ApplyPlanner.plan(manifests, state(WINE, serving("wine:1", 1)))
                                .changes()
                                .get(0);

        assertThat(PlanWording.wouldDo(update))
                .isEqualTo(
                        "(dry run) endpoint/wine: would start rollout wine:1 -> wine:2 (gradual),"
                                + " would be updated (copies 1 -> 2)");
        assertThat(PlanWording.done(update, null, 7L))
                .isEqualTo(
                        "endpoint/wine: rollout wine:1 -> wine:2 (gradual) started as rollout 7,"
                                + " updated (copies 1 -> 2)");
    }

    @Test
    void withoutAModelChangeTheSpecRolloutIsNotSent() {
        ManifestSet manifests = endpoints(endpointManifest("wine:1", 2, GRADUAL));

        UpdateEndpoint update =
                (UpdateEndpoint)
                        ApplyPlanner.plan(manifests, state(WINE, serving("wine:1", 1)))
                                .changes()
                                .get(0);

        assertThat(update.rollout()).isNull();
        assertThat(update.changes()).isEqualTo(new EndpointSpec(null, null, 2, null, null));
    }

    @Test
    void aNewSpellingOfTheServedVersionIsNotRolledOut() {
        ManifestSet manifests = endpoints(endpointManifest("wine@champion", null, GRADUAL));

        UpdateEndpoint update =
                (UpdateEndpoint)
                        ApplyPlanner.plan(manifests, state(WINE, serving("wine:1", 1)))
                                .changes()
                                .get(0);

        assertThat(update.rollout()).isNull();
        assertThat(update.differences()).containsExactly("model wine:1 -> wine@champion (1)");
        assertThat(update.changes())
                .isEqualTo(new EndpointSpec(null, "wine@champion", null, null, null));
    }

    @Test
    void aModelChangeWithoutASpecSaysWhichRolloutTheServerStarted() {
        ManifestSet manifests = endpoints(endpointManifest("wine:2", null, null));

        UpdateEndpoint update =
                (UpdateEndpoint)
                        ApplyPlanner.plan(manifests, state(WINE, serving("wine:1", 1)))
                                .changes()
                                .get(0);

        assertThat(update.changes().rollout()).isNull();
        assertThat(PlanWording.done(update, null, 9L))
                .isEqualTo("endpoint/wine: updated (model wine:1 -> wine:2), rollout 9 started");
    }

    @Test
    void aRetrainedVersionRollsOutToItsEndpointWhichLeavesTheModelChangeToIt() {
        ModelManifest retrained = versionWithRollout("wine");
        ManifestSet manifests =
                new ManifestSet(
                        List.of(retrained), List.of(endpointManifest("wine@champion", null, null)));

        Plan plan = ApplyPlanner.plan(manifests, state(WINE, serving("wine@champion", 1)));

        assertThat(plan.changes())
                .containsExactly(
                        new RegisterVersion(
                                "wine", retrained.version(), retrained.version().rollout()),
                        new SetAlias("wine", "champion", new VersionTarget.Registered(), 1),
                        new Unchanged("endpoint/wine"));
        assertThat(PlanWording.wouldDo(plan.changes().get(0)))
                .isEqualTo(
                        "(dry run) model/wine: a new version would be registered from model.onnx"
                                + " (sha256 aaaaaaaaaaaa…) and would start rollout on endpoint/wine (gradual)");
        assertThat(PlanWording.done(plan.changes().get(0), 3, 7L))
                .isEqualTo(
                        "model/wine: version 3 registered, rollout 7 started on endpoint/wine (gradual)");
    }

    @Test
    void aRolloutAlreadyMovingTheEndpointToTheWantedVersionIsLeftToRun() {
        Rollout running =
                read(
                        "{\"id\": 4, \"endpoint\": \"wine\", \"to\": \"wine:2\", \"phase\": \"baking\"}");
        Rollout elsewhere =
                read(
                        "{\"id\": 5, \"endpoint\": \"wine\", \"to\": \"wine:3\", \"phase\": \"baking\"}");
        ManifestSet manifests = endpoints(endpointManifest("wine:2", null, GRADUAL));

        PlannedChange left =
                ApplyPlanner.plan(manifests, withRollout(serving("wine:1", 1), running))
                        .changes()
                        .get(0);
        PlannedChange refusedLater =
                ApplyPlanner.plan(manifests, withRollout(serving("wine:1", 1), elsewhere))
                        .changes()
                        .get(0);

        assertThat(left).isEqualTo(new PlannedChange.RolloutInProgress("wine", 4, "wine:2"));
        assertThat(left.effect()).isEqualTo(PlannedChange.Effect.UNCHANGED);
        assertThat(PlanWording.done(left, null))
                .isEqualTo("endpoint/wine: rollout 4 to wine:2 in progress");
        assertThat(refusedLater).isInstanceOf(UpdateEndpoint.class);
    }

    private static ServerState withRollout(dev.slipway.cli.api.Endpoint endpoint, Rollout rollout) {
        return new ServerState(
                Map.of("wine", WINE), Map.of("wine", endpoint), Map.of("wine", rollout));
    }

    private static Rollout read(String json) {
        try {
            return JacksonMappers.JSON.readValue(json, Rollout.class);
        } catch (Exception invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    @Test
    void anEndpointThisApplyCreatesServesTheNewVersionWithoutARollout() {
        ModelManifest retrained = versionWithRollout("wine");
        ManifestSet manifests =
                new ManifestSet(
                        List.of(retrained), List.of(endpointManifest("wine@champion", null, null)));

        Plan plan = ApplyPlanner.plan(manifests, state(WINE, null));

        assertThat(plan.changes().get(0))
                .isEqualTo(new RegisterVersion("wine", retrained.version(), null));
    }

    @Test
    void aVersionRolloutToAnEndpointNobodyProvidesIsAProblem() {
        ManifestSet manifests = new ManifestSet(List.of(versionWithRollout("wine-eu")), List.of());

        assertThatThrownBy(() -> ApplyPlanner.plan(manifests, state(WINE, null)))
                .isInstanceOf(ManifestException.class)
                .hasMessage(
                        "models.yaml document 1: spec.version.rollout.endpoint: endpoint 'wine-eu'"
                                + " does not exist and no manifest creates it");
    }

    private static ManifestSet endpoints(EndpointManifest manifest) {
        return new ManifestSet(List.of(), List.of(manifest));
    }

    private static dev.slipway.cli.api.Endpoint serving(String ref, int version) {
        return endpoint("wine", ref, version, 1, "1", "512Mi", "30s");
    }

    private static EndpointManifest endpointManifest(
            String model, Integer copies, RolloutSpec rollout) {
        return new EndpointManifest(
                new ManifestSource(Path.of("endpoints.yaml"), 1),
                "wine",
                ModelReference.parse(model),
                copies,
                null,
                null,
                null,
                rollout);
    }

    private static ModelManifest versionWithRollout(String endpoint) {
        ModelManifest.Version version =
                new ModelManifest.Version(
                        Path.of("model.onnx"),
                        NEW_SHA,
                        "onnx",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of("champion"),
                        true,
                        new ModelManifest.VersionRollout(endpoint, GRADUAL));
        return new ModelManifest(
                new ManifestSource(Path.of("models.yaml"), 1), "wine", null, null, null, version);
    }
}
