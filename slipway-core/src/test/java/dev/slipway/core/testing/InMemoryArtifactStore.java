package dev.slipway.core.testing;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Artifacts held in memory. {@link #materialize} answers a path that does not exist on disk: the
 * fake runtime never reads it, it goes by the sha256. Thread-safe.
 */
public final class InMemoryArtifactStore implements ArtifactStore {
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

    @Override
    public ArtifactRef put(InputStream content) throws IOException {
        byte[] bytes = content.readAllBytes();
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        contents.putIfAbsent(sha256, bytes);
        return new ArtifactRef(sha256, bytes.length);
    }

    /** Stores the UTF-8 bytes of {@code text}. */
    public ArtifactRef putText(String text) {
        try {
            return put(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<ArtifactRef> find(String sha256) {
        byte[] bytes = contents.get(sha256);
        return bytes == null
                ? Optional.empty()
                : Optional.of(new ArtifactRef(sha256, bytes.length));
    }

    @Override
    public Path materialize(String sha256) {
        if (!contents.containsKey(sha256)) {
            throw new SlipwayException(
                    ErrorCode.ARTIFACT_NOT_FOUND, "artifact " + sha256 + " is not stored");
        }
        return Path.of("in-memory", sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
