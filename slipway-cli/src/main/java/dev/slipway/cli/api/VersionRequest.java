package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/models/{model}/versions}. Null fields are left out of the JSON.
 *
 * @param artifact the uploaded artifact: only its sha256 is sent
 * @param signature the JSON signature, or null to let the runtime read it from the artifact
 * @param golden the golden examples, or null for none
 * @param runtimeParameters load parameters for the format's runtime, or null for none
 * @param rollout {@code {"endpoint": ..., ...spec}}: start a rollout once registered, or null
 */
public record VersionRequest(
        ArtifactReference artifact,
        String format,
        JsonNode signature,
        List<? extends JsonNode> golden,
        String description,
        Map<String, String> tags,
        Map<String, String> lineage,
        Map<String, Double> metrics,
        Map<String, String> runtimeParameters,
        boolean validate,
        RolloutRequest rollout) {

    public VersionRequest(
            ArtifactReference artifact,
            String format,
            JsonNode signature,
            List<? extends JsonNode> golden,
            String description,
            Map<String, String> tags,
            Map<String, String> lineage,
            Map<String, Double> metrics,
            Map<String, String> runtimeParameters,
            boolean validate) {
        this(
                artifact,
                format,
                signature,
                golden,
                description,
                tags,
                lineage,
                metrics,
                runtimeParameters,
                validate,
                null);
    }

    public VersionRequest {
        if (artifact == null || format == null || format.isBlank()) {
            throw new IllegalArgumentException("artifact and format are required");
        }
        golden = golden == null || golden.isEmpty() ? null : List.copyOf(golden);
        tags = emptyToNull(tags);
        lineage = emptyToNull(lineage);
        metrics = emptyToNull(metrics);
        runtimeParameters = emptyToNull(runtimeParameters);
    }

    public VersionRequest withRollout(RolloutRequest onEndpoint) {
        return new VersionRequest(
                artifact,
                format,
                signature,
                golden,
                description,
                tags,
                lineage,
                metrics,
                runtimeParameters,
                validate,
                onEndpoint);
    }

    private static <V> Map<String, V> emptyToNull(Map<String, V> map) {
        return map == null || map.isEmpty() ? null : WireCollections.map(map);
    }

    /** {@code {"sha256": "hex"}}: how a request points at an uploaded artifact. */
    public record ArtifactReference(String sha256) {}
}
