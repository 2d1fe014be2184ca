package dev.slipway.core.registry;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.spi.Signature;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a model: its artifact, signature and provenance.
 *
 * @param runtimeParameters the load parameters every copy of the version is loaded with
 */
public record ModelVersion(
        ModelVersionId id,
        String format,
        ArtifactRef artifact,
        Signature signature,
        int goldenExamples,
        String description,
        Map<String, String> tags,
        Map<String, String> lineage,
        Map<String, Double> metrics,
        Map<String, String> runtimeParameters,
        VersionStatus status,
        Instant createdAt) {
    public ModelVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(signature, "signature");
        description = description == null ? "" : description;
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        lineage = Map.copyOf(lineage == null ? Map.of() : lineage);
        metrics = Map.copyOf(metrics == null ? Map.of() : metrics);
        runtimeParameters = Map.copyOf(runtimeParameters == null ? Map.of() : runtimeParameters);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public ModelVersion withStatus(VersionStatus newStatus) {
        return new ModelVersion(
                id,
                format,
                artifact,
                signature,
                goldenExamples,
                description,
                tags,
                lineage,
                metrics,
                runtimeParameters,
                newStatus,
                createdAt);
    }
}
