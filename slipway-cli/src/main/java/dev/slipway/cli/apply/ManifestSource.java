package dev.slipway.cli.apply;

import java.nio.file.Path;

/**
 * Where a manifest document came from, for error messages: {@code examples/x/manifest.yaml document
 * 2}.
 *
 * @param file the file as the user named it (relative paths stay relative)
 * @param document 1-based position of the document in the file
 */
public record ManifestSource(Path file, int document) {
    public ManifestSource {
        if (file == null || document < 1) {
            throw new IllegalArgumentException("file is required and document must be >= 1");
        }
    }

    @Override
    public String toString() {
        return file + " document " + document;
    }
}
