package dev.slipway.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

    static final Path EXAMPLES = Path.of("../examples");
    static final Path BREAST_CANCER = EXAMPLES.resolve("breast-cancer-xgboost/manifest.yaml");

    @TempDir Path directory;

    @Test
    void readsTheExampleModelWithItsFilesResolvedBesideTheManifest() {
        ManifestSet set = Manifests.load(List.of(BREAST_CANCER));

        assertThat(set.models()).hasSize(1);
        ModelManifest model = set.models().get(0);
        assertThat(model.source()).hasToString(BREAST_CANCER + " document 1");
        assertThat(model.name()).isEqualTo("breast-cancer");
        assertThat(model.description()).startsWith("Gradient-boosted classifier");
        assertThat(model.tags()).containsExactlyEntriesOf(java.util.Map.of("team", "demo"));
        ModelManifest.Version version = model.version();
        Path artifact = EXAMPLES.resolve("breast-cancer-xgboost/model.json");
        assertThat(version.file()).isEqualTo(artifact);
        assertThat(version.sha256()).isEqualTo(ArtifactDigest.sha256(artifact));
        assertThat(version.format()).isEqualTo("xgboost");
        assertThat(version.signature().at("/inputs/0/shape").toString()).isEqualTo("[-1,30]");
        assertThat(version.golden()).hasSize(3);
        assertThat(version.aliases()).containsExactly("champion");
        assertThat(version.lineage()).containsEntry("trainingScript", "train.py");
        assertThat(version.tags()).containsEntry("framework", "xgboost-1.7.4");
        assertThat(version.validate()).isTrue();
    }

    @Test
    void readsTheExampleEndpoint() {
        EndpointManifest endpoint = Manifests.load(List.of(BREAST_CANCER)).endpoints().get(0);

        assertThat(endpoint.source()).hasToString(BREAST_CANCER + " document 2");
        assertThat(endpoint.name()).isEqualTo("breast-cancer");
        assertThat(endpoint.model())
                .isEqualTo(new ModelReference.Aliased("breast-cancer", "champion"));
        assertThat(endpoint.copies()).isEqualTo(1);
        assertThat(endpoint.cores()).isEqualTo(1.0);
        assertThat(endpoint.memory()).isEqualTo(Quantity.parse("512Mi"));
        assertThat(endpoint.timeout()).isEqualTo(DurationValue.parse("5s"));
    }

    @Test
    void readsEveryManifestUnderADirectoryInSortedOrderSkippingOtherYaml() {
        ManifestSet set = Manifests.load(List.of(EXAMPLES));

        assertThat(set.models())
                .extracting(ModelManifest::name)
                .containsExactly("breast-cancer", "diabetes", "wine");
        assertThat(set.endpoints())
                .extracting(EndpointManifest::name)
                .containsExactly("breast-cancer", "diabetes", "wine");
        assertThat(set.models().get(2).version().signature().at("/outputs/1/datatype").asText())
                .isEqualTo("INT64");
        assertThat(set.skipped())
                .extracting(path -> path.getFileName().toString())
                .containsOnly("signature.yaml");
    }

    @Test
    void readsAFileNamedTwiceOnce() {
        ManifestSet set =
                Manifests.load(List.of(BREAST_CANCER, EXAMPLES.resolve("breast-cancer-xgboost")));
        assertThat(set.models()).hasSize(1);
    }

    @Test
    void reportsAMissingName() throws Exception {
        Path file =
                write("manifest.yaml", "apiVersion: slipway.dev/v1\nkind: Model\nmetadata: {}\n");
        assertProblems(file, file + " document 1: metadata.name is required");
    }

    @Test
    void reportsAnUnknownKindWithItsDocument() throws Exception {
        Path file =
                write(
                        "manifest.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: fraud}
                        ---
                        apiVersion: slipway.dev/v1
                        kind: Deployment
                        metadata: {name: fraud}
                        """);
        assertProblems(
                file,
                file
                        + " document 2: kind 'Deployment' is unknown: expected Model, Endpoint or BatchJob");
    }

    @Test
    void reportsNegativeCopiesNamingFileDocumentAndField() throws Exception {
        Path file = write("manifest.yaml", endpointsManifest("copies: -1"));
        assertProblems(file, file + " document 2: spec.copies must be >= 0");
    }

    @Test
    void reportsAnArtifactThatIsNotThere() throws Exception {
        Path file =
                write(
                        "models/manifest.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: fraud}
                        spec:
                          version: {file: missing.onnx, format: onnx}
                        """);
        assertProblems(
                file,
                file
                        + " document 1: spec.version.file 'missing.onnx' not found ("
                        + directory.resolve("models/missing.onnx")
                        + ")");
    }

    @Test
    void reportsAManifestFileThatIsNotThere() {
        Path missing = directory.resolve("nowhere.yaml");
        assertProblems(missing, missing + ": file not found");
    }

    @Test
    void resolvesPathsAgainstTheManifestsOwnDirectory() throws Exception {
        Files.createDirectories(directory.resolve("fraud"));
        Files.writeString(directory.resolve("fraud/model.onnx"), "bytes");
        Path file =
                write(
                        "fraud/manifest.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: fraud}
                        spec:
                          version:
                            file: model.onnx
                            format: onnx
                            validate: false
                            metrics: {auc: 0.91}
                            runtimeParameters: {threads: "2"}
                        """);
        ModelManifest.Version version = Manifests.load(List.of(file)).models().get(0).version();
        assertThat(version.file()).isEqualTo(directory.resolve("fraud/model.onnx"));
        assertThat(version.validate()).isFalse();
        assertThat(version.metrics()).containsEntry("auc", 0.91);
        assertThat(version.runtimeParameters()).isEqualTo(Map.of("threads", "2"));
        assertThat(version.request(version.sha256()).runtimeParameters())
                .isEqualTo(Map.of("threads", "2"));
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        Path file =
                write(
                        "manifest.yaml",
                        """
                        apiVersion: slipway.dev/v2
                        kind: Endpoint
                        metadata: {name: fraud}
                        spec:
                          model: fraud
                          copise: 2
                          resources: {cores: 0, memory: 512mb}
                          timeout: 5
                        """);
        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure ->
                                assertThat(failure.problems())
                                        .containsExactlyInAnyOrder(
                                                file
                                                        + " document 1: apiVersion 'slipway.dev/v2' is not supported: use slipway.dev/v1",
                                                file
                                                        + " document 1: spec.copise is not a known field (expected one of async, batching, copies, maxQueue, maxRows, model, resources, rollout, timeout)",
                                                file
                                                        + " document 1: spec.model: model reference 'fraud' is not valid: write NAME:VERSION (e.g. fraud:3) or NAME@ALIAS (e.g. fraud@champion)",
                                                file
                                                        + " document 1: spec.resources.cores must be > 0",
                                                file
                                                        + " document 1: spec.resources.memory: memory quantity '512mb' is not valid: write a number with an optional suffix Ki, Mi, Gi, Ti, k, M, G or T (e.g. 512Mi)",
                                                file
                                                        + " document 1: spec.timeout: duration '5' is not valid: write a number with a unit ms, s, m or h (e.g. 5s, 250ms, 2m, 1m30s)"));
    }

    @Test
    void reportsAMalformedSignatureAndGoldenFileUnderTheirField() throws Exception {
        Files.writeString(directory.resolve("model.onnx"), "bytes");
        Files.writeString(
                directory.resolve("signature.yaml"),
                "inputs: [{name: x, datatype: FP99, shape: [1]}]\n");
        Files.writeString(directory.resolve("golden.jsonl"), "not json\n");
        Path file =
                write(
                        "manifest.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Model
                        metadata: {name: fraud}
                        spec:
                          version: {file: model.onnx, format: onnx, signature: signature.yaml, golden: golden.jsonl}
                        """);
        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure -> {
                            assertThat(failure.problems()).hasSize(2);
                            assertThat(failure.problems().get(0))
                                    .startsWith(
                                            file
                                                    + " document 1: spec.version.signature is invalid: ")
                                    .contains("inputs[0].datatype 'FP99'");
                            assertThat(failure.problems().get(1))
                                    .startsWith(
                                            file + " document 1: spec.version.golden is invalid: ")
                                    .contains("golden.jsonl line 1: invalid JSON");
                        });
    }

    @Test
    void reportsInvalidYamlWithItsLine() throws Exception {
        Path file = write("manifest.yaml", "apiVersion: slipway.dev/v1\nkind: [Model\n");
        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(file + " line ")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void reportsTwoManifestsOfTheSameName() throws Exception {
        Path file =
                write(
                        "manifest.yaml",
                        endpointsManifest("copies: 1") + "---\n" + endpointsManifest("copies: 2"));
        assertProblems(
                file,
                file
                        + " document 3: metadata.name 'fraud' is already used by the Model in "
                        + file
                        + " document 1",
                file
                        + " document 4: metadata.name 'fraud' is already used by the Endpoint in "
                        + file
                        + " document 2");
    }

    @Test
    void aFileNamedExplicitlyMustHoldManifests() throws Exception {
        Path file = write("signature.yaml", "inputs: []\n");
        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(file + " document 1: kind is required");
    }

    @Test
    void skipsEmptyDocuments() throws Exception {
        Path file = write("manifest.yaml", "---\n" + endpointsManifest("copies: 0") + "---\n");
        ManifestSet set = Manifests.load(List.of(file));
        assertThat(set.endpoints())
                .singleElement()
                .satisfies(endpoint -> assertThat(endpoint.copies()).isZero());
    }

    /** A Model without a version and an Endpoint serving it, with {@code extra} in its spec. */
    private static String endpointsManifest(String extra) {
        return """
                apiVersion: slipway.dev/v1
                kind: Model
                metadata: {name: fraud}
                ---
                apiVersion: slipway.dev/v1
                kind: Endpoint
                metadata: {name: fraud}
                spec:
                  model: fraud:1
                  %s
                """
                .formatted(extra);
    }

    private static void assertProblems(Path file, String... problems) {
        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure -> assertThat(failure.problems()).containsExactly(problems));
    }

    private Path write(String name, String text) throws Exception {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
