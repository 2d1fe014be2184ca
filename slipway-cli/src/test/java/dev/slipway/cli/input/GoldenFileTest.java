package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFileTest {

    private static final String EXAMPLE =
            "{\"name\": \"one\", \"request\": {\"inputs\": []}, \"expected\": {\"outputs\": []}}";

    @TempDir Path directory;

    @Test
    void readsEveryExampleOfTheRealGoldenFiles() {
        List<ObjectNode> examples =
                GoldenFile.read(Path.of("../examples/breast-cancer-xgboost/golden.jsonl"));

        assertThat(examples).hasSize(3);
        assertThat(examples.get(0).get("name").asText()).isEqualTo("single-row");
        assertThat(examples.get(0).at("/request/inputs/0/shape").toString()).isEqualTo("[1,30]");
    }

    @Test
    void skipsBlankLines() throws Exception {
        Path file = write(EXAMPLE + "\n\n   \n" + EXAMPLE + "\n");
        assertThat(GoldenFile.read(file)).hasSize(2);
    }

    @Test
    void namesTheLineThatIsNotJson() throws Exception {
        Path file = write(EXAMPLE + "\n\n{\"name\": \"broken\",\n");
        assertThatThrownBy(() -> GoldenFile.read(file))
                .isInstanceOf(InputFileException.class)
                .hasMessageStartingWith(file + " line 3: invalid JSON");
    }

    @Test
    void namesTheLineThatIsNotAnObject() throws Exception {
        Path file = write(EXAMPLE + "\n[1, 2, 3]\n");
        assertThatThrownBy(() -> GoldenFile.read(file))
                .hasMessage(file + " line 2: expected a JSON object");
    }

    @Test
    void rejectsTwoObjectsOnOneLine() throws Exception {
        Path file = write(EXAMPLE + " " + EXAMPLE + "\n");
        assertThatThrownBy(() -> GoldenFile.read(file))
                .hasMessageStartingWith(file + " line 1: invalid JSON");
    }

    @Test
    void requiresARequestAndExpectedOutputs() throws Exception {
        Path noRequest = write("{\"expected\": {\"outputs\": []}}");
        assertThatThrownBy(() -> GoldenFile.read(noRequest))
                .hasMessage(
                        noRequest
                                + " line 1: request must be an OIP v2 inference request with an inputs list");

        Path noExpected = write("{\"request\": {\"inputs\": []}}");
        assertThatThrownBy(() -> GoldenFile.read(noExpected))
                .hasMessage(
                        noExpected + " line 1: expected must be an object with an outputs list");
    }

    @Test
    void rejectsAnEmptyFileAndAMissingOne() throws Exception {
        Path empty = write("\n\n");
        assertThatThrownBy(() -> GoldenFile.read(empty)).hasMessage(empty + ": holds no examples");
        Path missing = directory.resolve("missing.jsonl");
        assertThatThrownBy(() -> GoldenFile.read(missing)).hasMessage(missing + ": file not found");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(Files.createTempFile(directory, "golden", ".jsonl"), text);
    }
}
