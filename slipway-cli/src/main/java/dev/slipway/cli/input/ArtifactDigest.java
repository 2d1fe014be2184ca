package dev.slipway.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The sha256 of an artifact file, computed the way the server addresses stored artifacts. */
public final class ArtifactDigest {

    private ArtifactDigest() {}

    /**
     * Returns the lower-case hex sha256 of the file's bytes, reading it in chunks so large
     * artifacts need no memory.
     *
     * @throws InputFileException if the file is missing or unreadable
     */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK provides SHA-256", impossible);
        }
        try (InputStream input = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = input.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        } catch (NoSuchFileException missing) {
            throw new InputFileException(file + ": file not found");
        } catch (IOException unreadable) {
            throw new InputFileException(file + ": cannot read (" + unreadable.getMessage() + ")");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The first 12 hex digits and an ellipsis: enough for a person to recognise an artifact. */
    public static String abbreviate(String sha256) {
        if (sha256 == null) {
            return "-";
        }
        return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12) + "…";
    }
}
