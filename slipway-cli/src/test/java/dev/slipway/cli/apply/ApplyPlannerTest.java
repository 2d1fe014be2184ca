package dev.slipway.cli.apply;

import static dev.slipway.cli.apply.ServerAnswers.endpoint;
import static dev.slipway.cli.apply.ServerAnswers.matchingState;
import static dev.slipway.cli.apply.ServerAnswers.model;
import static dev.slipway.cli.apply.ServerAnswers.state;
import static dev.slipway.cli.apply.ServerAnswers.withEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import dev.slipway.cli.apply.ServerAnswers.StoredVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyPlannerTest {

    private static final ManifestSet EXAMPLES = Manifests.load(List.of(ManifestsTest.EXAMPLES));
    private static final ManifestSet BREAST_CANCER =
            Manifests.load(List.of(ManifestsTest.BREAST_CANCER));
    private static final ModelManifest BREAST_CANCER_MODEL = BREAST_CANCER.models().get(0);
    private static final String OTHER_SHA = "0".repeat(64);

    @Test
    void anEmptyServerGetsEveryModelVersionAliasAndEndpointCreated() {
        Plan plan = ApplyPlanner.plan(EXAMPLES, ServerState.empty());

        assertThat(plan.changes())
                .extracting(PlannedChange::getClass)
                .containsExactly(
                        CreateModel.class,
                        RegisterVersion.class,
                        SetAlias.class,
                        CreateModel.class,
                        RegisterVersion.class,
                        SetAlias.class,
                        CreateModel.class,
                        RegisterVersion.class,
                        SetAlias.class,
                        CreateEndpoint.class,
                        CreateEndpoint.class,
                        CreateEndpoint.class);
        assertThat(plan.changes().get(2))
                .isEqualTo(
                        new SetAlias(
                                "breast-cancer", "champion", new VersionTarget.Registered(), null));
        assertThat(plan.summary()).isEqualTo("12 created, 0 changed, 0 unchanged");
        assertThat(plan.changes())
                .map(PlanWording::wouldDo)
                .startsWith(
                        "(dry run) model/breast-cancer: would be created",
                        "(dry run) model/breast-cancer: a new version would be registered from model.json (sha256 "
                                + BREAST_CANCER_MODEL.version().sha256().substring(0, 12)
                                + "…)",
                        "(dry run) alias breast-cancer@champion -> the new version");
        assertThat(PlanWording.wouldDo(plan.changes().get(9)))
                .isEqualTo("(dry run) endpoint/breast-cancer: would be created");
    }

    @Test
    void aServerThatAlreadyMatchesLeavesEverythingUnchanged() {
        ServerState state = matchingState(EXAMPLES);

        Plan plan = ApplyPlanner.plan(EXAMPLES, state);

        assertThat(plan.changes())
                .containsExactly(
                        new Unchanged("model/breast-cancer"),
                        new Unchanged("model/diabetes"),
                        new Unchanged("model/wine"),
                        new Unchanged("endpoint/breast-cancer"),
                        new Unchanged("endpoint/diabetes"),
                        new Unchanged("endpoint/wine"));
        assertThat(plan.summary()).isEqualTo("0 created, 0 changed, 6 unchanged");
        assertThat(PlanWording.done(plan.changes().get(0), null))
                .isEqualTo("model/breast-cancer: unchanged");
    }

    @Test
    void differentCopiesUpdateTheEndpointSendingOnlyTheCopies() {
        ServerState state =
                withEndpoint(
                        matchingState(BREAST_CANCER),
                        endpoint(
                                "breast-cancer",
                                "breast-cancer@champion",
                                1,
                                2,
                                "1",
                                "512Mi",
                                "5s"));

        Plan plan = ApplyPlanner.plan(BREAST_CANCER, state);

        UpdateEndpoint update =
                new UpdateEndpoint(
                        "breast-cancer",
                        new EndpointSpec(null, null, 1, null, null),
                        List.of("copies 2 -> 1"));
        assertThat(plan.changes()).containsExactly(new Unchanged("model/breast-cancer"), update);
        assertThat(PlanWording.done(update, null))
                .isEqualTo("endpoint/breast-cancer: updated (copies 2 -> 1)");
        assertThat(plan.summary()).isEqualTo("0 created, 1 changed, 1 unchanged");
    }

    @Test
    void anAliasPointingElsewhereMovesBackAndTheEndpointFollows() {
        Model current =
                breastCancer(
                        Map.of("champion", 2),
                        List.of(
                                new StoredVersion(
                                        1, BREAST_CANCER_MODEL.version().sha256(), "xgboost"),
                                new StoredVersion(2, OTHER_SHA, "xgboost")));
        Endpoint serving =
                endpoint("breast-cancer", "breast-cancer@champion", 2, 1, "1", "512Mi", "5s");

        Plan plan = ApplyPlanner.plan(BREAST_CANCER, state(current, serving));

        SetAlias move = new SetAlias("breast-cancer", "champion", new VersionTarget.Existing(1), 2);
        assertThat(plan.changes())
                .containsExactly(
                        move,
                        new UpdateEndpoint(
                                "breast-cancer",
                                new EndpointSpec(null, "breast-cancer@champion", null, null, null),
                                List.of(
                                        "model breast-cancer@champion (2) -> breast-cancer@champion (1)")));
        assertThat(PlanWording.done(move, 1))
                .isEqualTo("alias breast-cancer@champion -> 1 (was 2)");
        assertThat(plan.summary()).isEqualTo("0 created, 2 changed, 0 unchanged");
    }

    @Test
    void aNewArtifactIsRegisteredAndTheEndpointMovesToTheNewVersion() {
        Model current =
                breastCancer(
                        Map.of("champion", 1), List.of(new StoredVersion(1, OTHER_SHA, "xgboost")));
        Endpoint serving =
                endpoint("breast-cancer", "breast-cancer@champion", 1, 1, "1", "512Mi", "5s");

        Plan plan = ApplyPlanner.plan(BREAST_CANCER, state(current, serving));

        assertThat(plan.changes()).hasSize(3);
        assertThat(plan.changes().get(0)).isInstanceOf(RegisterVersion.class);
        assertThat(plan.changes().get(1))
                .isEqualTo(
                        new SetAlias(
                                "breast-cancer", "champion", new VersionTarget.Registered(), 1));
        assertThat(PlanWording.wouldDo(plan.changes().get(2)))
                .isEqualTo(
                        "(dry run) endpoint/breast-cancer: would be updated"
                                + " (model breast-cancer@champion (1) -> breast-cancer@champion (new version))");
        assertThat(PlanWording.done(plan.changes().get(0), 2))
                .isEqualTo("model/breast-cancer: version 2 registered");
    }

    @Test
    void anAliasOnAnotherCopyOfTheSameArtifactStaysWhereItIs() {
        String sha = BREAST_CANCER_MODEL.version().sha256();
        Model current =
                breastCancer(
                        Map.of("champion", 1),
                        List.of(
                                new StoredVersion(1, sha, "xgboost"),
                                new StoredVersion(2, sha, "xgboost")));

        Plan plan =
                ApplyPlanner.plan(
                        BREAST_CANCER,
                        state(
                                current,
                                endpoint(
                                        "breast-cancer",
                                        "breast-cancer@champion",
                                        1,
                                        1,
                                        "1",
                                        "512Mi",
                                        "5s")));

        assertThat(plan.changes())
                .containsExactly(
                        new Unchanged("model/breast-cancer"),
                        new Unchanged("endpoint/breast-cancer"));
    }

    @Test
    void theSameArtifactInAnotherFormatIsANewVersion() {
        Model current =
                breastCancer(
                        Map.of("champion", 1),
                        List.of(
                                new StoredVersion(
                                        1, BREAST_CANCER_MODEL.version().sha256(), "onnx")));

        Plan plan = ApplyPlanner.plan(BREAST_CANCER, state(current, null));

        assertThat(plan.changes().get(0)).isInstanceOf(RegisterVersion.class);
    }

    /** Runtime parameters change how every copy loads: the stored version is not the manifest's. */
    @Test
    void theSameArtifactWithOtherRuntimeParametersIsANewVersion() {
        Model current =
                breastCancer(
                        Map.of("champion", 1),
                        List.of(
                                new StoredVersion(
                                        1,
                                        BREAST_CANCER_MODEL.version().sha256(),
                                        "xgboost",
                                        Map.of("predictor", "xgboost4j"))));

        Plan plan = ApplyPlanner.plan(BREAST_CANCER, state(current, null));

        assertThat(plan.changes().get(0)).isInstanceOf(RegisterVersion.class);
    }

    @Test
    void changedMetadataUpdatesTheModelKeepingWhatTheManifestLeavesOut() {
        Model current =
                model(
                        "breast-cancer",
                        "old words",
                        Map.of("team", "other"),
                        Map.of("champion", 1),
                        List.of(
                                new StoredVersion(
                                        1, BREAST_CANCER_MODEL.version().sha256(), "xgboost")));

        Plan plan =
                ApplyPlanner.plan(
                        BREAST_CANCER,
                        state(
                                current,
                                endpoint(
                                        "breast-cancer",
                                        "breast-cancer@champion",
                                        1,
                                        1,
                                        "1",
                                        "512Mi",
                                        "5s")));

        UpdateModel update = (UpdateModel) plan.changes().get(0);
        assertThat(update.differences()).containsExactly("description", "tags");
        assertThat(update.metadata().owner()).isEqualTo("data-team");
        assertThat(update.metadata().tags()).containsExactlyEntriesOf(Map.of("team", "demo"));
        assertThat(PlanWording.done(update, null))
                .isEqualTo("model/breast-cancer: updated (description, tags)");
        assertThat(plan.changes())
                .hasSize(2)
                .last()
                .isEqualTo(new Unchanged("endpoint/breast-cancer"));
    }

    /**
     * The breast-cancer model with the metadata its manifest gives, and these aliases and versions.
     */
    private static Model breastCancer(Map<String, Integer> aliases, List<StoredVersion> versions) {
        return model(
                "breast-cancer",
                BREAST_CANCER_MODEL.description(),
                Map.of("team", "demo"),
                aliases,
                versions);
    }
}
