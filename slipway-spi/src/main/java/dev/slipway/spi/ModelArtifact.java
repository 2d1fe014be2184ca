package dev.slipway.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model artifact on local disk, already verified against its sha256 by the caller.
 *
 * @param path the file (or directory, for formats that need several files)
 * @param format the registered format, e.g. {@code "xgboost"}
 * @param sha256 lower-case hex digest of the file's content
 */
public record ModelArtifact(Path path, String format, String sha256) {
    public ModelArtifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
    }
}
