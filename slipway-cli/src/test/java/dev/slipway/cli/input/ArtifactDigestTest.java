package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactDigestTest {

    @Test
    void computesTheSha256OfTheFileBytes(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("model.bin"), "abc");
        assertThat(ArtifactDigest.sha256(file))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void digestsFilesLargerThanItsBuffer(@TempDir Path directory) throws Exception {
        Path file = Files.write(directory.resolve("big.bin"), new byte[200_000]);
        assertThat(ArtifactDigest.sha256(file))
                .hasSize(64)
                .isNotEqualTo(
                        ArtifactDigest.sha256(
                                Files.write(directory.resolve("other.bin"), new byte[200_001])));
    }

    @Test
    void namesAMissingFile(@TempDir Path directory) {
        Path missing = directory.resolve("missing.onnx");
        assertThatThrownBy(() -> ArtifactDigest.sha256(missing))
                .isInstanceOf(InputFileException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void abbreviatesForPeople() {
        assertThat(ArtifactDigest.abbreviate("ba7816bf8f01cfea414140de5dae2223"))
                .isEqualTo("ba7816bf8f01…");
        assertThat(ArtifactDigest.abbreviate(null)).isEqualTo("-");
    }
}
