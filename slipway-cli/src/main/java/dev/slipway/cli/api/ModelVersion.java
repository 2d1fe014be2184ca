package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One immutable model version, as {@code GET /api/v1/models/{model}/versions/{v}} answers.
 *
 * @param rollout only in the answer to a registration that started a rollout
 */
public record ModelVersion(
        String model,
        int version,
        String format,
        Artifact artifact,
        JsonNode signature,
        int goldenExamples,
        String description,
        Map<String, String> tags,
        Map<String, String> lineage,
        Map<String, Double> metrics,
        Map<String, String> runtimeParameters,
        String status,
        List<String> aliases,
        String createdAt,
        RolloutReference rollout) {

    public ModelVersion {
        tags = WireCollections.map(tags);
        lineage = WireCollections.map(lineage);
        metrics = WireCollections.map(metrics);
        runtimeParameters = WireCollections.map(runtimeParameters);
        aliases = WireCollections.list(aliases);
    }

    /** Content address and size of a stored artifact. */
    public record Artifact(String sha256, Long size) {}

    /** The artifact's sha256, or null when the server left it out. */
    public String sha256() {
        return artifact == null ? null : artifact.sha256();
    }
}
