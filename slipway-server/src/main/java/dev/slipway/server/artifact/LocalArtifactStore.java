package dev.slipway.server.artifact;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Artifacts in a local directory, one file per sha256 ({@code sha256/ab/abcdef...}). Writes go to a
 * temporary file first and are moved into place atomically, so a crash never leaves a partial
 * artifact under its digest. Thread-safe.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private final Path root;

    public LocalArtifactStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        Files.createDirectories(root.resolve("tmp"));
    }

    @Override
    public ArtifactRef put(InputStream content) throws IOException {
        Path temporary = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size;
            try (InputStream in = new DigestInputStream(content, digest);
                    OutputStream out = Files.newOutputStream(temporary)) {
                size = in.transferTo(out);
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(hex);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new ArtifactRef(hex, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<ArtifactRef> find(String sha256) throws IOException {
        Path path = pathOf(sha256);
        return Files.isRegularFile(path)
                ? Optional.of(new ArtifactRef(sha256, Files.size(path)))
                : Optional.empty();
    }

    @Override
    public Path materialize(String sha256) throws IOException {
        Path path = pathOf(sha256);
        if (!Files.isRegularFile(path)) {
            throw new SlipwayException(
                    ErrorCode.ARTIFACT_NOT_FOUND, "artifact " + sha256 + " is not in the store");
        }
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            throw new SlipwayException(
                    ErrorCode.INVALID_ARTIFACT,
                    "artifact "
                            + sha256
                            + " is corrupt in the store: its content hashes to "
                            + actual);
        }
        return path;
    }

    private Path pathOf(String sha256) {
        if (!ArtifactRef.isSha256(sha256)) {
            // Never build a path from anything but a digest: no traversal through this method.
            throw SlipwayException.invalidArgument("'" + sha256 + "' is not a sha256 digest");
        }
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
