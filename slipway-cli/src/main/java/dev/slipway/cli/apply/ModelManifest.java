package dev.slipway.cli.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.api.ModelMetadata;
import dev.slipway.cli.api.RolloutRequest;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.VersionRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code kind: Model} document, checked and with its files already read. Metadata fields are null
 * when the manifest leaves them out: apply then leaves the server's value alone.
 *
 * @param version the version to ensure exists, or null when the manifest only manages metadata
 */
public record ModelManifest(
        ManifestSource source,
        String name,
        String description,
        String owner,
        Map<String, String> tags,
        Version version) {

    public ModelManifest {
        if (source == null || name == null) {
            throw new IllegalArgumentException("source and name are required");
        }
        tags = tags == null ? null : Map.copyOf(tags);
    }

    /** The metadata this manifest asks for, falling back to {@code current} for what it omits. */
    public ModelMetadata metadataOver(ModelMetadata current) {
        return new ModelMetadata(
                description != null ? description : current.description(),
                owner != null ? owner : current.owner(),
                tags != null ? tags : current.tags());
    }

    /**
     * {@code spec.version}: the artifact (whose sha256 was computed when the manifest was read),
     * the signature converted to JSON and the golden examples.
     *
     * @param rollout the rollout its registration starts, or null
     */
    public record Version(
            Path file,
            String sha256,
            String format,
            ObjectNode signature,
            List<ObjectNode> golden,
            String description,
            Map<String, String> tags,
            Map<String, String> lineage,
            Map<String, Double> metrics,
            Map<String, String> runtimeParameters,
            List<String> aliases,
            boolean validate,
            VersionRollout rollout) {

        public Version {
            if (file == null || sha256 == null || format == null) {
                throw new IllegalArgumentException("file, sha256 and format are required");
            }
            golden = golden == null ? List.of() : List.copyOf(golden);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            lineage = lineage == null ? Map.of() : Map.copyOf(lineage);
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
            runtimeParameters =
                    runtimeParameters == null ? Map.of() : Map.copyOf(runtimeParameters);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        /**
         * The registration body, once the artifact is uploaded; {@code uploadedSha256} is what the
         * server answered, normally equal to {@link #sha256()}.
         */
        public VersionRequest request(String uploadedSha256) {
            return new VersionRequest(
                    new VersionRequest.ArtifactReference(uploadedSha256),
                    format,
                    signature,
                    golden,
                    description,
                    tags,
                    lineage,
                    metrics,
                    runtimeParameters,
                    validate);
        }
    }

    /**
     * {@code spec.version.rollout}: once the version is registered, roll it out to {@code endpoint}
     * (the model's name unless the manifest names another).
     */
    public record VersionRollout(String endpoint, RolloutSpec spec) {
        public VersionRollout {
            if (endpoint == null || spec == null) {
                throw new IllegalArgumentException("endpoint and spec are required");
            }
        }

        /** The version request's {@code rollout}. */
        public RolloutRequest request() {
            return RolloutRequest.onEndpoint(endpoint, spec);
        }
    }
}
