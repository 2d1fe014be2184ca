package dev.slipway.server.job;

import dev.slipway.core.error.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one directory tree batch jobs may read and write ({@code SLIPWAY_JOBS_ROOT}). A path a caller
 * names is resolved against it, normalised, and (once it exists) resolved through symbolic links;
 * whatever lands outside is refused with a message naming the field. Thread-safe (immutable).
 */
final class JobRoot {
    private final Path root;
    private final Path realRoot;

    JobRoot(Path root) {
        try {
            this.root = Files.createDirectories(root).toAbsolutePath().normalize();
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the jobs root " + root, e);
        }
    }

    Path path() {
        return realRoot;
    }

    /**
     * An existing file or directory to read: its real path, inside the root.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    Path existing(String field, String written) {
        Path path = lexical(field, written);
        if (!Files.exists(path)) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' does not exist under the jobs root " + realRoot);
        }
        return real(field, written, path);
    }

    /**
     * The regular files a job reads from an input path: the file itself, or a directory's regular
     * files (not hidden, not in subdirectories) in name order; each one inside the root.
     */
    List<Path> files(String field, String written, Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' is neither a regular file nor a directory");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(input)) {
            files =
                    entries.filter(entry -> !entry.getFileName().toString().startsWith("."))
                            .filter(Files::isRegularFile)
                            .sorted()
                            .map(entry -> real(field, written + "/" + entry.getFileName(), entry))
                            .toList();
        } catch (IOException e) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' cannot be listed: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' is a directory with no files");
        }
        return files;
    }

    /**
     * A file to create: inside the root, not existing yet, its directory created if needed (and
     * itself inside the root once its links are resolved).
     */
    Path newFile(String field, String written) {
        Path path = lexical(field, written);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' already exists; choose a new file");
        }
        Path parent = path.getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw SlipwayException.invalidArgument(field + " '" + written + "' has no directory");
        }
        real(field, written, existing);
        try {
            Path directory = Files.createDirectories(parent).toRealPath();
            if (!directory.startsWith(realRoot)) {
                throw outside(field, written);
            }
            return directory.resolve(path.getFileName());
        } catch (IOException e) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "': cannot create its directory: " + e.getMessage());
        }
    }

    /** The path as written, resolved against the root and normalised; refused when outside. */
    private Path lexical(String field, String written) {
        Path path;
        try {
            path = Path.of(written);
        } catch (java.nio.file.InvalidPathException e) {
            throw SlipwayException.invalidArgument(field + " '" + written + "' is not a path");
        }
        Path resolved = (path.isAbsolute() ? path : root.resolve(path)).normalize();
        if (!resolved.startsWith(root) && !resolved.startsWith(realRoot)) {
            throw outside(field, written);
        }
        if (resolved.equals(root) || resolved.equals(realRoot)) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' names the jobs root itself");
        }
        return resolved;
    }

    private Path real(String field, String written, Path path) {
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw outside(field, written);
            }
            return real;
        } catch (IOException e) {
            throw SlipwayException.invalidArgument(
                    field + " '" + written + "' cannot be read: " + e.getMessage());
        }
    }

    private SlipwayException outside(String field, String written) {
        return SlipwayException.invalidArgument(
                field
                        + " '"
                        + written
                        + "' is outside the jobs root "
                        + realRoot
                        + " (after resolving '..' and symbolic links); jobs read and write only"
                        + " under SLIPWAY_JOBS_ROOT");
    }
}
