package dev.slipway.cli.apply;

import static dev.slipway.cli.apply.ServerAnswers.endpoint;
import static dev.slipway.cli.apply.ServerAnswers.endpointManifest;
import static dev.slipway.cli.apply.ServerAnswers.matchingState;
import static dev.slipway.cli.apply.ServerAnswers.model;
import static dev.slipway.cli.apply.ServerAnswers.state;
import static dev.slipway.cli.apply.ServerAnswers.withEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.ServerAnswers.StoredVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning of endpoints: what counts as a difference and which references resolve. */
class EndpointPlanningTest {

    private static final ManifestSet EXAMPLES = Manifests.load(List.of(ManifestsTest.EXAMPLES));
    private static final ManifestSet BREAST_CANCER =
            Manifests.load(List.of(ManifestsTest.BREAST_CANCER));
    private static final ModelManifest BREAST_CANCER_MODEL = BREAST_CANCER.models().get(0);
    private static final String OTHER_SHA = "0".repeat(64);

    @Test
    void resourcesAndTimeoutAreComparedByValueNotSpelling() {
        ServerState state =
                withEndpoint(
                        matchingState(BREAST_CANCER),
                        endpoint(
                                "breast-cancer",
                                "breast-cancer@champion",
                                1,
                                1,
                                "1.0",
                                "536870912",
                                "5000ms"));

        assertThat(ApplyPlanner.plan(BREAST_CANCER, state).changes())
                .containsExactly(
                        new Unchanged("model/breast-cancer"),
                        new Unchanged("endpoint/breast-cancer"));
    }

    @Test
    void changedResourcesSendBothResourceFieldsAndTheTimeout() {
        ServerState state =
                withEndpoint(
                        matchingState(BREAST_CANCER),
                        endpoint(
                                "breast-cancer",
                                "breast-cancer@champion",
                                1,
                                1,
                                "2",
                                "1Gi",
                                "30s"));

        UpdateEndpoint update =
                (UpdateEndpoint) ApplyPlanner.plan(BREAST_CANCER, state).changes().get(1);

        assertThat(update.differences())
                .containsExactly("cores 2 -> 1", "memory 1Gi -> 512Mi", "timeout 30s -> 5s");
        assertThat(update.changes())
                .isEqualTo(
                        new EndpointSpec(
                                null,
                                null,
                                null,
                                new EndpointSpec.ResourcesSpec(1.0, "512Mi"),
                                "5s"));
    }

    @Test
    void aPinnedEndpointThatNamedTheAliasIsRewritten() {
        ServerState state =
                withEndpoint(
                        matchingState(BREAST_CANCER),
                        endpoint("breast-cancer", "breast-cancer:1", 1, 1, "1", "512Mi", "5s"));

        UpdateEndpoint update =
                (UpdateEndpoint) ApplyPlanner.plan(BREAST_CANCER, state).changes().get(1);

        assertThat(update.differences())
                .containsExactly("model breast-cancer:1 -> breast-cancer@champion (1)");
    }

    @Test
    void aPinnedVersionIsComparedByNumber() {
        Model fraud =
                model(
                        "fraud",
                        null,
                        Map.of(),
                        Map.of(),
                        List.of(
                                new StoredVersion(1, OTHER_SHA, "onnx"),
                                new StoredVersion(2, OTHER_SHA, "onnx")));
        ManifestSet manifests = new ManifestSet(List.of(), List.of(endpointManifest("fraud:2")));

        Plan plan =
                ApplyPlanner.plan(
                        manifests,
                        state(fraud, endpoint("fraud", "fraud:1", 1, 1, "1", "512Mi", "30s")));

        assertThat(plan.changes())
                .containsExactly(
                        new UpdateEndpoint(
                                "fraud",
                                new EndpointSpec(null, "fraud:2", null, null, null),
                                List.of("model fraud:1 -> fraud:2")));
    }

    @Test
    void anEndpointMayNameTheVersionThePlanRegisters() {
        ModelManifest model = BREAST_CANCER_MODEL;
        ManifestSet manifests =
                new ManifestSet(List.of(model), List.of(endpointManifest("breast-cancer:1")));

        Plan plan = ApplyPlanner.plan(manifests, ServerState.empty());

        assertThat(plan.changes()).last().isInstanceOf(CreateEndpoint.class);
    }

    @Test
    void anEndpointServingAnUnknownModelIsAnErrorNamingItsManifest() {
        ManifestSet manifests =
                new ManifestSet(List.of(), List.of(endpointManifest("fraud@champion")));

        assertThatThrownBy(() -> ApplyPlanner.plan(manifests, ServerState.empty()))
                .isInstanceOf(ManifestException.class)
                .hasMessage(
                        "endpoints.yaml document 3: spec.model 'fraud@champion': model 'fraud' does not exist and no manifest creates it");
    }

    @Test
    void anAliasNobodySetsOrAVersionNobodyHasIsAnError() {
        Model fraud =
                model(
                        "fraud",
                        null,
                        Map.of(),
                        Map.of(),
                        List.of(new StoredVersion(1, OTHER_SHA, "onnx")));

        assertThatThrownBy(
                        () ->
                                ApplyPlanner.plan(
                                        new ManifestSet(
                                                List.of(),
                                                List.of(endpointManifest("fraud@champion"))),
                                        state(fraud, null)))
                .hasMessageEndingWith(
                        "model 'fraud' has no alias 'champion' and no manifest sets it");
        assertThatThrownBy(
                        () ->
                                ApplyPlanner.plan(
                                        new ManifestSet(
                                                List.of(), List.of(endpointManifest("fraud:7"))),
                                        state(fraud, null)))
                .hasMessageEndingWith("model 'fraud' has no version 7");
    }
}
