package dev.slipway.core.registry;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.GoldenValidator;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.golden.WarmUp;
import dev.slipway.core.inference.InputValidator;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model registry: registers immutable versions after proving the artifact loads, its signature
 * holds and its golden examples pass; resolves references and moves aliases. Thread-safe (state
 * lives in the store); methods block on I/O and model loading.
 */
public final class ModelRegistry {
    private final RegistryStore store;
    private final ArtifactStore artifacts;
    private final ModelLoader loader;
    private final EventLog events;
    private final ArtifactProbe probe;

    public ModelRegistry(
            RegistryStore store, ArtifactStore artifacts, ModelLoader loader, EventLog events) {
        this(store, artifacts, loader, events, ArtifactProbe.NONE);
    }

    public ModelRegistry(
            RegistryStore store,
            ArtifactStore artifacts,
            ModelLoader loader,
            EventLog events,
            ArtifactProbe probe) {
        this.probe = probe;
        this.store = store;
        this.artifacts = artifacts;
        this.loader = loader;
        this.events = events;
    }

    public List<ModelRecord> listModels() {
        return store.listModels();
    }

    public ModelRecord model(String name) {
        return store.findModel(name)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.MODEL_NOT_FOUND,
                                        "model '" + name + "' does not exist"));
    }

    public ModelRecord putModel(String name, ModelMetadata metadata) {
        Names.require("model name", name);
        return store.upsertModel(name, metadata);
    }

    public List<ModelVersion> versions(String model) {
        model(model);
        return store.listVersions(model);
    }

    public ModelVersion version(ModelVersionId id) {
        return store.findVersion(id)
                .orElseThrow(
                        () -> {
                            model(id.model());
                            return new SlipwayException(
                                    ErrorCode.VERSION_NOT_FOUND,
                                    "model '" + id.model() + "' has no version " + id.version());
                        });
    }

    public List<GoldenExample> goldenExamples(ModelVersionId id) {
        version(id);
        return store.goldenExamples(id);
    }

    public Map<String, Integer> aliases(String model) {
        return store.aliases(model);
    }

    /** The version a reference names now. */
    public ModelVersion resolve(ModelRef ref) {
        return switch (ref) {
            case ModelRef.Pinned pinned ->
                    version(new ModelVersionId(pinned.model(), pinned.version()));
            case ModelRef.Aliased aliased -> {
                model(aliased.model());
                Integer version = store.aliases(aliased.model()).get(aliased.alias());
                if (version == null) {
                    throw new SlipwayException(
                            ErrorCode.ALIAS_NOT_FOUND,
                            "model '"
                                    + aliased.model()
                                    + "' has no alias '"
                                    + aliased.alias()
                                    + "'");
                }
                yield version(new ModelVersionId(aliased.model(), version));
            }
        };
    }

    public void setAlias(String model, String alias, int version) {
        Names.require("alias", alias);
        version(new ModelVersionId(model, version));
        store.setAlias(model, alias, version);
        events.append("model/" + model, "alias.set", alias + " -> " + version);
    }

    public void deleteAlias(String model, String alias) {
        model(model);
        if (!store.deleteAlias(model, alias)) {
            throw new SlipwayException(
                    ErrorCode.ALIAS_NOT_FOUND,
                    "model '" + model + "' has no alias '" + alias + "'");
        }
        events.append("model/" + model, "alias.deleted", alias);
    }

    /**
     * Registers a new version: loads the artifact with its runtime (which proves it is a model of
     * that format and fixes the signature), checks the golden examples against the signature and,
     * when asked, runs them.
     *
     * @throws SlipwayException INVALID_ARTIFACT, UNKNOWN_FORMAT, ARTIFACT_NOT_FOUND,
     *     INVALID_ARGUMENT for bad golden examples, VALIDATION_FAILED with the report as details
     */
    public ModelVersion register(VersionRegistration registration) {
        Names.require("model name", registration.model());
        requireRuntimeParameters(registration);
        ArtifactRef artifact = storedArtifact(registration.artifactSha256());
        Signature signature;
        VersionStatus status = VersionStatus.REGISTERED;
        // Once the isolated probe passed, these exact bytes (verified by sha256 on every load) are
        // safe to load here and on every node.
        probe.probe(registration.format(), artifact.sha256(), registration.signature());
        try (Predictor predictor =
                loader.load(
                        registration.format(),
                        artifact.sha256(),
                        registration.signature(),
                        registration.runtimeParameters(),
                        1)) {
            signature = predictor.signature();
            checkGoldenAgainstSignature(signature, registration.golden(), predictor.acceptsNaN());
            if (registration.validate() && !registration.golden().isEmpty()) {
                ValidationReport report =
                        GoldenValidator.validate(
                                new ModelVersionId(
                                        registration.model(),
                                        nextVersionNumber(registration.model())),
                                predictor,
                                registration.golden());
                if (!report.passed()) {
                    throw SlipwayException.withDetails(
                            ErrorCode.VALIDATION_FAILED,
                            "golden examples do not match: "
                                    + report.mismatches().getFirst().message()
                                    + (report.mismatches().size() > 1
                                            ? " (and " + (report.mismatches().size() - 1) + " more)"
                                            : ""),
                            report);
                }
                status = VersionStatus.VALIDATED;
            } else if (registration.golden().isEmpty()) {
                requireFirstPrediction(registration.format(), predictor);
            }
        }
        ModelVersion version =
                store.insertVersion(
                        new RegistryStore.NewVersion(
                                registration.model(),
                                registration.format().toLowerCase(java.util.Locale.ROOT),
                                artifact,
                                signature,
                                registration.golden(),
                                registration.description(),
                                registration.tags(),
                                registration.lineage(),
                                registration.metrics(),
                                registration.runtimeParameters(),
                                status));
        events.append(
                "model/" + registration.model(),
                "version.registered",
                version.id() + " (" + version.format() + ", " + status.wireName() + ")");
        return version;
    }

    /**
     * Refuses runtime parameters the format's runtime does not read: a misspelt name would
     * otherwise be stored and silently ignored at every load.
     */
    private void requireRuntimeParameters(VersionRegistration registration) {
        ModelRuntime runtime = loader.runtimes().require(registration.format());
        Set<String> accepted = runtime.loadParameters();
        for (String name : new TreeSet<>(registration.runtimeParameters().keySet())) {
            if (!accepted.contains(name)) {
                throw SlipwayException.invalidArgument(
                        "runtimeParameters."
                                + name
                                + ": the "
                                + runtime.format()
                                + " runtime has no such parameter"
                                + (accepted.isEmpty()
                                        ? " (it takes none)"
                                        : " (it takes "
                                                + String.join(", ", new TreeSet<>(accepted))
                                                + ")"));
            }
        }
    }

    /** A rollout made {@code to} an endpoint's primary in place of {@code from}. */
    public void promoted(ModelVersionId from, ModelVersionId to) {
        store.updateStatus(to, VersionStatus.SERVING);
        if (!from.equals(to)) {
            store.updateStatus(from, VersionStatus.PREVIOUS);
        }
        events.append("model/" + to.model(), "version.serving", to + " replaces " + from);
    }

    /** Runs the version's golden examples on a fresh copy; a pass marks it validated. */
    public ValidationReport validate(ModelVersionId id) {
        ModelVersion version = version(id);
        List<GoldenExample> golden = store.goldenExamples(id);
        ValidationReport report;
        try (Predictor predictor = loader.load(version, 1)) {
            report = GoldenValidator.validate(id, predictor, golden);
        }
        if (report.passed() && !golden.isEmpty() && version.status() == VersionStatus.REGISTERED) {
            store.updateStatus(id, VersionStatus.VALIDATED);
        }
        events.append(
                "model/" + id.model(),
                report.passed() ? "version.validated" : "version.validation-failed",
                report.summary());
        return report;
    }

    /**
     * The number the store will give the next version, for reports written before it exists. A
     * concurrent registration may take it first; the stored version's number is the true one.
     */
    private int nextVersionNumber(String model) {
        List<ModelVersion> existing = store.listVersions(model);
        return existing.isEmpty() ? 1 : existing.getLast().id().version() + 1;
    }

    /** Without golden examples, a batch of zeros proves the model can predict at all. */
    private static void requireFirstPrediction(String format, Predictor predictor) {
        try {
            WarmUp.run(predictor, List.of());
        } catch (RuntimeException e) {
            throw new SlipwayException(
                    ErrorCode.INVALID_ARTIFACT,
                    "the model loads as "
                            + format
                            + " but fails a first prediction on zeros: "
                            + e.getMessage(),
                    e);
        }
    }

    private ArtifactRef storedArtifact(String sha256) {
        if (!ArtifactRef.isSha256(sha256)) {
            throw SlipwayException.invalidArgument(
                    "artifact.sha256 '" + sha256 + "' must be 64 lower-case hex digits");
        }
        try {
            return artifacts
                    .find(sha256)
                    .orElseThrow(
                            () ->
                                    new SlipwayException(
                                            ErrorCode.ARTIFACT_NOT_FOUND,
                                            "artifact "
                                                    + sha256
                                                    + " has not been uploaded (POST /api/v1/artifacts first)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkGoldenAgainstSignature(
            Signature signature, List<GoldenExample> golden, boolean nanAllowed) {
        for (GoldenExample example : golden) {
            try {
                InputValidator.check(signature, example.request(), nanAllowed);
            } catch (SlipwayException e) {
                throw SlipwayException.invalidArgument(
                        "golden example '" + example.name() + "': " + e.getMessage());
            }
            for (Tensor expected : example.expectedOutputs()) {
                if (signature.output(expected.name()).isEmpty()) {
                    throw SlipwayException.invalidArgument(
                            "golden example '"
                                    + example.name()
                                    + "' expects output '"
                                    + expected.name()
                                    + "', which the model does not have (outputs: "
                                    + String.join(
                                            ", ",
                                            signature.outputs().stream()
                                                    .map(TensorSpec::name)
                                                    .toList())
                                    + ")");
                }
            }
        }
    }
}
