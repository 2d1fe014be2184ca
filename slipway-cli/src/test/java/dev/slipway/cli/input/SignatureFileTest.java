package dev.slipway.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureFileTest {

    @TempDir Path directory;

    @Test
    void convertsTheExampleSignatureToTheApiJson() {
        ObjectNode signature =
                SignatureFile.read(Path.of("../examples/wine-mlp-onnx/signature.yaml"));

        assertThat(signature.toString())
                .isEqualTo(
                        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,13]}],"
                                + "\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]},"
                                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]}]}");
    }

    @Test
    void acceptsLowerCaseDatatypes() throws Exception {
        Path file =
                write(
                        """
                        inputs: [{name: x, datatype: fp64, shape: [-1, 2]}]
                        outputs: [{name: y, datatype: bool, shape: [-1]}]
                        """);
        assertThat(SignatureFile.read(file).at("/inputs/0/datatype").asText()).isEqualTo("FP64");
    }

    @Test
    void namesTheFileAndFieldOfAnUnknownDatatype() throws Exception {
        Path file =
                write(
                        """
                        inputs:
                          - {name: x, datatype: FP31, shape: [-1, 2]}
                        outputs:
                          - {name: y, datatype: FP32, shape: [-1]}
                        """);
        assertThatThrownBy(() -> SignatureFile.read(file))
                .isInstanceOf(InputFileException.class)
                .hasMessageStartingWith(file + ": inputs[0].datatype 'FP31' must be one of BOOL");
    }

    @Test
    void rejectsABadShapeAMissingNameAndUnknownFields() throws Exception {
        Path badShape =
                write(
                        "inputs: [{name: x, datatype: FP32, shape: [-2]}]\noutputs: [{name: y, datatype: FP32, shape: [-1]}]");
        assertThatThrownBy(() -> SignatureFile.read(badShape))
                .hasMessageContaining("inputs[0].shape must hold whole numbers >= -1");

        Path noName =
                write(
                        "inputs: [{datatype: FP32, shape: [1]}]\noutputs: [{name: y, datatype: FP32, shape: [1]}]");
        assertThatThrownBy(() -> SignatureFile.read(noName))
                .hasMessageContaining("inputs[0].name is required");

        Path typo = write("inputs: [{name: x, datatype: FP32, shap: [1]}]\noutputs: []");
        assertThatThrownBy(() -> SignatureFile.read(typo))
                .hasMessageContaining("inputs[0].shap is not a known field");

        Path noOutputs = write("inputs: [{name: x, datatype: FP32, shape: [1]}]");
        assertThatThrownBy(() -> SignatureFile.read(noOutputs))
                .hasMessageContaining("outputs must be a non-empty list");
    }

    @Test
    void namesAMissingFileAndInvalidYaml() throws Exception {
        Path missing = directory.resolve("nope.yaml");
        assertThatThrownBy(() -> SignatureFile.read(missing))
                .hasMessage(missing + ": file not found");

        Path invalid = write("inputs: [unclosed");
        assertThatThrownBy(() -> SignatureFile.read(invalid))
                .hasMessageStartingWith(invalid + ": invalid YAML");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(Files.createTempFile(directory, "signature", ".yaml"), yaml);
    }
}
