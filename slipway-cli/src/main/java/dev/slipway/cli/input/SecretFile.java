package dev.slipway.cli.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a secret (the key that signs webhook notifications) from a file, so it never appears on a
 * command line, in a shell history or in a manifest. Error messages name the file, never its
 * content.
 */
public final class SecretFile {

    private SecretFile() {}

    /**
     * The file's content as UTF-8 without surrounding whitespace (the newline an editor adds).
     *
     * @throws InputFileException when the file is missing, unreadable or blank
     */
    public static String read(Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException missing) {
            throw new InputFileException(file + ": file not found");
        } catch (IOException unreadable) {
            // The message of a malformed-input failure could quote bytes of the secret.
            throw new InputFileException(
                    file + ": cannot read (" + unreadable.getClass().getSimpleName() + ")");
        }
        if (secret.isEmpty()) {
            throw new InputFileException(file + ": is empty (expected the webhook secret)");
        }
        return secret;
    }
}
