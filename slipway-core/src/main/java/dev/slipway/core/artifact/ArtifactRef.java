package dev.slipway.core.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/** A stored artifact, named by the sha256 of its content. */
public record ArtifactRef(String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ArtifactRef {
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
    }

    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }
}
