package dev.slipway.cli.apply;

import dev.slipway.cli.api.BatchJobRequest;

/**
 * A {@code kind: BatchJob} document, checked. Apply creates the job when no job with its name
 * exists and leaves an existing one alone: a job runs once. Its paths are the server's, under its
 * jobs root (not relative to the manifest, unlike a Model's files).
 */
public record BatchJobManifest(ManifestSource source, String name, BatchJobRequest request) {
    public BatchJobManifest {
        if (source == null || name == null || request == null) {
            throw new IllegalArgumentException("source, name and request are required");
        }
    }
}
