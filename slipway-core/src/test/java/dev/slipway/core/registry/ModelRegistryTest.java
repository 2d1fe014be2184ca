package dev.slipway.core.registry;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.SampleModel.input;
import static dev.slipway.core.testing.SampleModel.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.testing.FakeRuntime;
import dev.slipway.core.testing.InMemoryPlatform;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Registering versions: what is checked, what is stored, and what is refused. */
class ModelRegistryTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final ModelRegistry registry = platform.registry;

    @Test
    void assignsVersionsOneThenTwo() {
        ModelVersion first = registry.register(registration(platform.upload(1), List.of(), false));
        ModelVersion second = registry.register(registration(platform.upload(1), List.of(), false));

        assertThat(first.id()).isEqualTo(new ModelVersionId("fraud", 1));
        assertThat(second.id()).isEqualTo(new ModelVersionId("fraud", 2));
        assertThat(registry.versions("fraud"))
                .extracting(ModelVersion::id)
                .containsExactly(first.id(), second.id());
    }

    @Test
    void storesTheSignatureOfTheLoadedModelAndClosesIt() {
        ModelVersion version =
                registry.register(registration(platform.upload(1), List.of(), false));

        assertThat(version.signature()).isEqualTo(SampleModel.SIGNATURE);
        assertThat(version.format()).isEqualTo("fake");
        assertThat(platform.runtime.loaded())
                .singleElement()
                .satisfies(predictor -> assertThat(predictor.isClosed()).isTrue());
    }

    @Test
    void appendsAnEventForTheNewVersion() {
        registry.register(registration(platform.upload(1), List.of(), false));

        assertThat(platform.events.last().subject()).isEqualTo("model/fraud");
        assertThat(platform.events.last().type()).isEqualTo("version.registered");
        assertThat(platform.events.last().message()).isEqualTo("fraud:1 (fake, registered)");
    }

    @Test
    void refusesAnUnknownFormatListingTheAvailableOnes() {
        var registration =
                new VersionRegistration(
                        "fraud",
                        platform.upload(1).sha256(),
                        "onnx",
                        Optional.empty(),
                        List.of(),
                        "",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        false,
                        Map.of());

        assertFailsWith(ErrorCode.UNKNOWN_FORMAT, () -> registry.register(registration))
                .hasMessage("unknown format 'onnx' (available: fake)");
    }

    @Test
    void refusesAnArtifactThatWasNotUploaded() {
        String missing = "ab".repeat(32);

        assertFailsWith(
                        ErrorCode.ARTIFACT_NOT_FOUND,
                        () -> registry.register(registration(missing, List.of(), false)))
                .hasMessageContaining("artifact " + missing + " has not been uploaded");
    }

    @Test
    void refusesAMalformedDigest() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> registry.register(registration("ABC", List.of(), false)))
                .hasMessage("artifact.sha256 'ABC' must be 64 lower-case hex digits");
    }

    @Test
    void refusesAModelWithoutGoldenExamplesThatFailsAFirstPredictionOnZeros() {
        String sha256 = platform.upload(1).sha256();
        platform.runtime.failPredictionsWith("cannot pass UINT16");

        assertFailsWith(
                        ErrorCode.INVALID_ARTIFACT,
                        () -> registry.register(registration(sha256, List.of(), false)))
                .hasMessageContaining("loads as fake but fails a first prediction on zeros")
                .hasMessageContaining("cannot pass UINT16");
        assertThat(platform.registryStore.listVersions("fraud")).isEmpty();
    }

    @Test
    void runsTheProbeBeforeLoadingTheArtifactInProcess() {
        String sha256 = platform.upload(1).sha256();
        ModelRegistry probed =
                new ModelRegistry(
                        platform.registryStore,
                        platform.artifacts,
                        platform.loader,
                        platform.events,
                        (format, digest, declared) -> {
                            throw new dev.slipway.core.error.SlipwayException(
                                    ErrorCode.INVALID_ARTIFACT, "crashed in the probe");
                        });

        assertFailsWith(
                        ErrorCode.INVALID_ARTIFACT,
                        () -> probed.register(registration(sha256, List.of(), false)))
                .hasMessage("crashed in the probe");
        assertThat(platform.runtime.loadAttempts()).isZero();
    }

    @Test
    void reportsAnArtifactTheRuntimeCannotLoadAsInvalidAndStoresNothing() {
        String sha256 = platform.upload(1).sha256();
        platform.runtime.failLoadsWith("not a fake model");

        assertFailsWith(
                        ErrorCode.INVALID_ARTIFACT,
                        () -> registry.register(registration(sha256, List.of(), false)))
                .hasMessage(
                        "artifact "
                                + sha256.substring(0, 12)
                                + " does not load as fake: not a fake model");
        assertThat(platform.registryStore.listVersions("fraud")).isEmpty();
    }

    @Test
    void refusesAGoldenExampleThatDoesNotFitTheSignatureNamingTheExample() {
        Tensor wrongName = Tensor.ofFloats("features", new long[] {1, 2}, new float[2]);
        GoldenExample example = SampleModel.golden("row-7", wrongName, output(1, 2));

        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                registry.register(
                                        registration(platform.upload(1), List.of(example), true)))
                .hasMessage("golden example 'row-7': unknown input 'features' (model inputs: x)");
        assertThat(platform.registryStore.listVersions("fraud")).isEmpty();
    }

    @Test
    void refusesAGoldenExampleExpectingAnOutputTheModelLacks() {
        Tensor unknownOutput = Tensor.of("label", DataType.INT64, new long[] {1}, new long[1]);
        GoldenExample example =
                new GoldenExample("row-1", SampleModel.request(1, 2), List.of(unknownOutput), null);

        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                registry.register(
                                        registration(platform.upload(1), List.of(example), false)))
                .hasMessage(
                        "golden example 'row-1' expects output 'label', which the model does"
                                + " not have (outputs: y)");
    }

    @Test
    void refusesGoldenMismatchesWithTheReportAndStoresNothing() {
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));

        var failure =
                failureOf(
                        () ->
                                registry.register(
                                        registration(platform.upload(1), List.of(doubled), true)));

        assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(failure.getMessage())
                .isEqualTo(
                        "golden examples do not match: example 'doubled' output 'y' element 0: expected"
                                + " 2.0, got 1.0 (tolerance absolute 1.0E-6, relative 1.0E-5) (and 1 more)");
        assertThat(failure.details())
                .isInstanceOfSatisfying(
                        ValidationReport.class,
                        report -> {
                            assertThat(report.version()).isEqualTo(new ModelVersionId("fraud", 1));
                            assertThat(report.examples()).isEqualTo(1);
                            assertThat(report.mismatches()).hasSize(2);
                        });
        assertThat(platform.registryStore.listVersions("fraud")).isEmpty();
        assertThat(platform.events.types()).isEmpty();
    }

    @Test
    void namesTheVersionBeingRegisteredInAFailedReport() {
        registry.register(registration(platform.upload(1), List.of(), false));
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));

        var failure =
                failureOf(
                        () ->
                                registry.register(
                                        registration(platform.upload(1), List.of(doubled), true)));

        assertThat(((ValidationReport) failure.details()).version())
                .isEqualTo(new ModelVersionId("fraud", 2));
    }

    @Test
    void marksAVersionValidatedWhenItsGoldenExamplesRanAndMatched() {
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));

        ModelVersion version =
                registry.register(registration(platform.upload(2), List.of(doubled), true));

        assertThat(version.status()).isEqualTo(VersionStatus.VALIDATED);
        assertThat(version.goldenExamples()).isEqualTo(1);
        assertThat(platform.events.last().message()).isEqualTo("fraud:1 (fake, validated)");
    }

    @Test
    void leavesAVersionRegisteredWhenValidationWasNotAsked() {
        GoldenExample wrong = SampleModel.golden("wrong", input(1, 2), output(9, 9));

        ModelVersion version =
                registry.register(registration(platform.upload(1), List.of(wrong), false));

        assertThat(version.status()).isEqualTo(VersionStatus.REGISTERED);
        assertThat(platform.runtime.loaded().getFirst().predictions()).isZero();
    }

    @Test
    void leavesAVersionWithoutGoldenExamplesRegisteredEvenWhenValidationWasAsked() {
        ModelVersion version = registry.register(registration(platform.upload(1), List.of(), true));

        assertThat(version.status()).isEqualTo(VersionStatus.REGISTERED);
    }

    @Test
    void validatingAStoredVersionLaterMarksItValidated() {
        GoldenExample doubled = SampleModel.golden("doubled", input(1, 2), output(2, 4));
        ModelVersion version =
                registry.register(registration(platform.upload(2), List.of(doubled), false));

        ValidationReport report = registry.validate(version.id());

        assertThat(report.passed()).isTrue();
        assertThat(registry.version(version.id()).status()).isEqualTo(VersionStatus.VALIDATED);
        assertThat(platform.events.last().type()).isEqualTo("version.validated");
        assertThat(platform.runtime.loaded())
                .allSatisfy(predictor -> assertThat(predictor.isClosed()).isTrue());
    }

    @Test
    void loadsEveryCopyOfAVersionWithItsRuntimeParameters() throws Exception {
        ModelVersion version =
                registry.register(
                        withRuntimeParameters(
                                registration(platform.upload(1), List.of(), false),
                                Map.of(FakeRuntime.SCALE, "3")));

        assertThat(version.runtimeParameters()).isEqualTo(Map.of(FakeRuntime.SCALE, "3"));
        assertThat(
                        platform.registryStore
                                .findVersion(version.id())
                                .orElseThrow()
                                .runtimeParameters())
                .isEqualTo(Map.of(FakeRuntime.SCALE, "3"));
        try (Predictor copy = platform.loader.load(version, 1)) {
            assertThat(copy.predict(PredictRequest.of(input(1, 2))).outputs())
                    .containsExactly(output(3, 6));
        }
    }

    @Test
    void refusesARuntimeParameterTheRuntimeDoesNotReadAndStoresNothing() {
        var registration =
                withRuntimeParameters(
                        registration(platform.upload(1), List.of(), false),
                        Map.of(FakeRuntime.SCALE, "2", "scael", "2"));

        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> registry.register(registration))
                .hasMessage(
                        "runtimeParameters.scael: the fake runtime has no such parameter (it takes"
                                + " scale)");
        assertThat(platform.registryStore.listVersions("fraud")).isEmpty();
        assertThat(platform.runtime.loadAttempts()).isZero();
    }

    @Test
    void refusesAnInvalidModelName() {
        var registration =
                new VersionRegistration(
                        "Fraud",
                        platform.upload(1).sha256(),
                        "fake",
                        Optional.empty(),
                        List.of(),
                        "",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        false,
                        Map.of());

        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> registry.register(registration))
                .hasMessageStartingWith("model name 'Fraud' is invalid");
    }

    private static VersionRegistration withRuntimeParameters(
            VersionRegistration registration, Map<String, String> parameters) {
        return new VersionRegistration(
                registration.model(),
                registration.artifactSha256(),
                registration.format(),
                registration.signature(),
                registration.golden(),
                registration.description(),
                registration.tags(),
                registration.lineage(),
                registration.metrics(),
                registration.validate(),
                parameters);
    }

    private static VersionRegistration registration(
            ArtifactRef artifact, List<GoldenExample> golden, boolean validate) {
        return registration(artifact.sha256(), golden, validate);
    }

    private static VersionRegistration registration(
            String sha256, List<GoldenExample> golden, boolean validate) {
        return new VersionRegistration(
                "fraud",
                sha256,
                "fake",
                Optional.empty(),
                golden,
                "fraud scorer",
                Map.of("team", "risk"),
                Map.of(),
                Map.of(),
                validate,
                Map.of());
    }
}
