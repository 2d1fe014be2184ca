package dev.slipway.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.input.InputFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollout specs in YAML: an endpoint's spec.rollout, a version's rollout, a spec file. */
class RolloutManifestsTest {

    @TempDir Path directory;

    @Test
    void anEndpointManifestCarriesItsRolloutSpec() throws Exception {
        Path file =
                write(
                        "endpoint.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine@champion
                          rollout:
                            strategy: gradual
                            steps: [10, 50, 100]
                            bake: 30s
                            approvalBefore: [100]
                            guardrails: {maxErrorRate: 0.01, maxP99: 200ms}
                        """);

        EndpointManifest endpoint = Manifests.load(List.of(file)).endpoints().get(0);

        assertThat(endpoint.rollout())
                .isEqualTo(
                        new RolloutSpec.Gradual(
                                List.of(10, 50, 100),
                                null,
                                "30s",
                                List.of(100),
                                null,
                                new RolloutSpec.Guardrails(0.01, null, "200ms", null)));
    }

    @Test
    void aVersionRolloutTargetsTheModelsEndpointUnlessItNamesAnother() throws Exception {
        Files.writeString(directory.resolve("model.onnx"), "bytes");
        Path file =
                write(
                        "models.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: wine}
                        spec:
                          version:
                            file: model.onnx
                            format: onnx
                            rollout:
                              strategy: shadow
                              mirrorPercent: 50
                              analysis: {minPairs: 200, maxKsStatistic: 0.1}
                              then: {strategy: gradual, linear: {step: 25}}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: fraud}
                        spec:
                          version:
                            file: model.onnx
                            format: onnx
                            rollout: {endpoint: fraud-eu, strategy: expedited, keepPreviousFor: 5m}
                        """);

        List<ModelManifest> models = Manifests.load(List.of(file)).models();

        assertThat(models.get(0).version().rollout())
                .isEqualTo(
                        new ModelManifest.VersionRollout(
                                "wine",
                                new RolloutSpec.Shadow(
                                        50,
                                        null,
                                        new RolloutSpec.Analysis(200, 0.1, null, null, null),
                                        new RolloutSpec.Gradual(
                                                null,
                                                new RolloutSpec.Linear(25),
                                                null,
                                                null,
                                                null,
                                                null))));
        assertThat(models.get(1).version().rollout())
                .isEqualTo(
                        new ModelManifest.VersionRollout(
                                "fraud-eu", new RolloutSpec.Expedited("5m")));
    }

    @Test
    void problemsNameTheFileTheDocumentAndTheField() throws Exception {
        Files.writeString(directory.resolve("model.onnx"), "bytes");
        Path file =
                write(
                        "manifest.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:2
                          rollout: {strategy: gradual, steps: [10, 50]}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: fraud}
                        spec:
                          model: fraud:2
                          rollout: {strategy: gradual, mirrorPercent: 50, steps: [ten]}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: risk}
                        spec:
                          model: risk:2
                          rollout: {steps: [100]}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: wine}
                        spec:
                          version:
                            file: model.onnx
                            format: onnx
                            rollout: {endpoint: "a/b", strategy: shadow, then: {strategy: gradual, bake: soon}}
                        """);

        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure ->
                                assertThat(failure.problems())
                                        .containsExactlyInAnyOrder(
                                                file
                                                        + " document 1: spec.rollout.steps must end at 100, got [10, 50]",
                                                file
                                                        + " document 2: spec.rollout.mirrorPercent is not a known field"
                                                        + " (expected one of approvalBefore, bake, guardrails, keepPreviousFor,"
                                                        + " linear, steps, strategy)",
                                                file
                                                        + " document 2: spec.rollout.steps[0] must be a whole number",
                                                file
                                                        + " document 3: spec.rollout.strategy is required",
                                                file
                                                        + " document 4: spec.version.rollout.endpoint: name 'a/b' must not"
                                                        + " contain whitespace or any of / : @ ? # %",
                                                file
                                                        + " document 4: spec.version.rollout.then.bake must be a duration"
                                                        + " such as 30s, 5m or 250ms, got 'soon'"));
    }

    @Test
    void aSpecFileReadsLikeAManifestsRollout() throws Exception {
        Path file =
                write(
                        "rollout.yaml",
                        """
                        strategy: shadow
                        approval: manual
                        then:
                          strategy: expedited
                          keepPreviousFor: 10m
                        """);

        assertThat(RolloutSpecFile.read(file))
                .isEqualTo(
                        new RolloutSpec.Shadow(
                                null, "manual", null, new RolloutSpec.Expedited("10m")));
    }

    @Test
    void aSpecFilesProblemsNameTheFileAndTheField() throws Exception {
        Path file = write("rollout.yaml", "strategy: gradual\nsteps: [10, 50]\n");
        Path canary = write("canary.yaml", "strategy: canary\n");
        Path broken = write("broken.yaml", "strategy: [gradual\n");

        assertThatThrownBy(() -> RolloutSpecFile.read(file))
                .isInstanceOf(InputFileException.class)
                .hasMessage(file + ": steps must end at 100, got [10, 50]");
        assertThatThrownBy(() -> RolloutSpecFile.read(canary))
                .hasMessage(canary + ": strategy 'canary' must be expedited, gradual or shadow");
        assertThatThrownBy(() -> RolloutSpecFile.read(broken))
                .hasMessageStartingWith(broken + " line 1: invalid YAML");
        assertThatThrownBy(() -> RolloutSpecFile.read(directory.resolve("absent.yaml")))
                .hasMessage(directory.resolve("absent.yaml") + ": file not found");
    }

    private Path write(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
