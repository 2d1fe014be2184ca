package dev.slipway.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The control plane's admin token: configured, or generated once and kept in the data dir. */
final class AdminToken {
    static final String FILE = "admin-token";

    private AdminToken() {}

    static String resolve(String configured, Path dataDir) throws IOException {
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.length() >= 16) {
                return token;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path temporary = dataDir.resolve(FILE + ".tmp");
        Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions protect it
        }
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return token;
    }
}
