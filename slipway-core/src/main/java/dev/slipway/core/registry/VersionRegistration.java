package dev.slipway.core.registry;

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.spi.Signature;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to register a new version of a model from an uploaded artifact.
 *
 * @param runtimeParameters settings for the format's runtime, passed to every load of the version
 *     (XGBoost's {@code predictor}, say); only names the runtime reads are accepted
 */
public record VersionRegistration(
        String model,
        String artifactSha256,
        String format,
        Optional<Signature> signature,
        List<GoldenExample> golden,
        String description,
        Map<String, String> tags,
        Map<String, String> lineage,
        Map<String, Double> metrics,
        boolean validate,
        Map<String, String> runtimeParameters) {
    public VersionRegistration {
        Objects.requireNonNull(signature, "signature");
        golden = List.copyOf(golden == null ? List.of() : golden);
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        lineage = Map.copyOf(lineage == null ? Map.of() : lineage);
        metrics = Map.copyOf(metrics == null ? Map.of() : metrics);
        runtimeParameters = Map.copyOf(runtimeParameters == null ? Map.of() : runtimeParameters);
    }
}
