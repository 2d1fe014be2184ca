package dev.slipway.cli.apply;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every checked manifest of one {@code apply}, in file order then document order.
 *
 * @param batchJobs applied last: they may use the models and endpoints above
 * @param skipped files found in a directory that hold no manifest (no apiVersion or kind), such as
 *     a {@code signature.yaml} kept beside the manifests
 */
public record ManifestSet(
        List<ModelManifest> models,
        List<EndpointManifest> endpoints,
        List<BatchJobManifest> batchJobs,
        List<Path> skipped) {
    public ManifestSet {
        models = List.copyOf(models);
        endpoints = List.copyOf(endpoints);
        batchJobs = List.copyOf(batchJobs);
        skipped = List.copyOf(skipped);
    }

    public ManifestSet(List<ModelManifest> models, List<EndpointManifest> endpoints) {
        this(models, endpoints, List.of(), List.of());
    }

    public Optional<ModelManifest> model(String name) {
        return models.stream().filter(model -> model.name().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return models.isEmpty() && endpoints.isEmpty() && batchJobs.isEmpty();
    }
}
