package dev.slipway.core.registry;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.spi.Signature;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of models, versions, golden examples and aliases. Implementations are thread-safe.
 */
public interface RegistryStore {

    /** What a new version is made of; the store assigns the next version number atomically. */
    record NewVersion(
            String model,
            String format,
            ArtifactRef artifact,
            Signature signature,
            List<GoldenExample> golden,
            String description,
            Map<String, String> tags,
            Map<String, String> lineage,
            Map<String, Double> metrics,
            Map<String, String> runtimeParameters,
            VersionStatus status) {}

    List<ModelRecord> listModels();

    Optional<ModelRecord> findModel(String name);

    /** Creates the model or updates the non-null fields of its metadata. */
    ModelRecord upsertModel(String name, ModelMetadata metadata);

    /** Creates the model if needed, then stores the version under the next number. */
    ModelVersion insertVersion(NewVersion version);

    Optional<ModelVersion> findVersion(ModelVersionId id);

    /** Versions of a model, oldest first. */
    List<ModelVersion> listVersions(String model);

    List<GoldenExample> goldenExamples(ModelVersionId id);

    void updateStatus(ModelVersionId id, VersionStatus status);

    void setAlias(String model, String alias, int version);

    boolean deleteAlias(String model, String alias);

    /** Alias name to version number. */
    Map<String, Integer> aliases(String model);
}
