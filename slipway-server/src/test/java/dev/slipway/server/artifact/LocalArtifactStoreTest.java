package dev.slipway.server.artifact;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content-addressed artifact files: idempotent writes, verified reads, no path from user text. */
class LocalArtifactStoreTest {
    private static final byte[] CONTENT = "model bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir Path root;
    LocalArtifactStore store;

    @BeforeEach
    void open() throws IOException {
        store = new LocalArtifactStore(root);
    }

    @Test
    void namesAnArtifactByTheSha256OfItsContent() throws IOException {
        ArtifactRef ref = store.put(new ByteArrayInputStream(CONTENT));

        assertThat(ref).isEqualTo(new ArtifactRef(sha256(CONTENT), CONTENT.length));
        Path file =
                root.resolve("sha256").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256());
        assertThat(file).hasBinaryContent(CONTENT);
        assertThat(store.find(ref.sha256())).contains(ref);
        assertThat(store.materialize(ref.sha256())).isEqualTo(file);
    }

    @Test
    void puttingTheSameContentAgainKeepsOneFile() throws IOException {
        ArtifactRef first = store.put(new ByteArrayInputStream(CONTENT));
        ArtifactRef second = store.put(new ByteArrayInputStream(CONTENT));

        assertThat(second).isEqualTo(first);
        assertThat(filesUnder(root.resolve("sha256"))).hasSize(1);
        assertThat(filesUnder(root.resolve("tmp"))).isEmpty();
    }

    @Test
    void storesAnEmptyArtifact() throws IOException {
        ArtifactRef empty = store.put(InputStream.nullInputStream());

        assertThat(empty.size()).isZero();
        assertThat(empty.sha256()).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void findsNothingForAnUnknownDigest() throws IOException {
        assertThat(store.find(sha256("absent".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void materializeDetectsATamperedFile() throws IOException {
        ArtifactRef ref = store.put(new ByteArrayInputStream(CONTENT));
        Files.writeString(store.find(ref.sha256()).map(this::pathOf).orElseThrow(), "tampered");

        assertFailsWith(ErrorCode.INVALID_ARTIFACT, () -> store.materialize(ref.sha256()))
                .hasMessage(
                        "artifact "
                                + ref.sha256()
                                + " is corrupt in the store: its content hashes to "
                                + sha256("tampered".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void materializeReportsAMissingFile() throws IOException {
        ArtifactRef ref = store.put(new ByteArrayInputStream(CONTENT));
        Files.delete(pathOf(ref));

        assertFailsWith(ErrorCode.ARTIFACT_NOT_FOUND, () -> store.materialize(ref.sha256()))
                .hasMessage("artifact " + ref.sha256() + " is not in the store");
        assertThat(store.find(ref.sha256())).isEmpty();
    }

    @Test
    void refusesAnythingButADigestBeforeBuildingAPath() throws IOException {
        Files.writeString(root.resolve("secret"), "not an artifact");
        String upperCase = sha256(CONTENT).toUpperCase();
        for (String name : List.of("../../etc/passwd", "../secret", "", upperCase, "ab/../cd")) {
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> store.materialize(name))
                    .hasMessage("'" + name + "' is not a sha256 digest");
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> store.find(name))
                    .hasMessage("'" + name + "' is not a sha256 digest");
        }
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> store.materialize(null));
    }

    @Test
    void leavesNoPartialFileWhenTheUploadFails() throws IOException {
        InputStream failing =
                new InputStream() {
                    private int served;

                    @Override
                    public int read() throws IOException {
                        if (served++ < 10_000) {
                            return 'x';
                        }
                        throw new IOException("connection reset");
                    }
                };

        assertThatThrownBy(() -> store.put(failing))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(filesUnder(root.resolve("tmp"))).isEmpty();
        assertThat(filesUnder(root)).isEmpty();
    }

    private Path pathOf(ArtifactRef ref) {
        return root.resolve("sha256").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256());
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
