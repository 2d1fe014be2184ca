package dev.slipway.server.protocol;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures as JSON, and errors that name the exact field, e.g. signature.inputs[0].shape[1]. */
class SignatureJsonTest {
    private static final String OUTPUTS =
            "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1]}]";

    @Test
    void writesAndReadsBackEveryField() {
        Signature signature =
                new Signature(
                        List.of(
                                new TensorSpec("features", DataType.FP32, new long[] {-1, 13}),
                                new TensorSpec("text", DataType.BYTES, new long[] {-1})),
                        List.of(
                                new TensorSpec("label", DataType.INT64, new long[] {-1}),
                                new TensorSpec("scores", DataType.FP16, new long[] {-1, 3, 2})));

        JsonNode json = SignatureJson.toJson(signature);

        assertThat(json.toString())
                .isEqualTo(
                        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,13]},"
                                + "{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[-1]}],"
                                + "\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]},"
                                + "{\"name\":\"scores\",\"datatype\":\"FP16\",\"shape\":[-1,3,2]}]}");
        assertThat(SignatureJson.fromJson(json, "signature")).isEqualTo(signature);
    }

    @Test
    void readsLowerCaseDatatypesAndScalarShapes() {
        Signature signature =
                read(
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"fp64\",\"shape\":[]}],"
                                + OUTPUTS
                                + "}");

        assertThat(signature.inputs())
                .containsExactly(new TensorSpec("x", DataType.FP64, new long[] {}));
    }

    @Test
    void namesTheFieldOfEachMistake() {
        assertInvalid("[]", "signature must be an object with 'inputs' and 'outputs'");
        assertInvalid("{" + OUTPUTS + "}", "signature.inputs must be an array");
        assertInvalid(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}",
                "signature.outputs must be an array");
        assertInvalid(
                input("{\"datatype\":\"FP32\",\"shape\":[1]}"),
                "signature.inputs[0].name must be a string");
        assertInvalid(
                input("{\"name\":7,\"datatype\":\"FP32\",\"shape\":[1]}"),
                "signature.inputs[0].name must be a string");
        assertInvalid(
                input("{\"name\":\"x\",\"shape\":[1]}"),
                "signature.inputs[0].datatype must be a string");
        assertInvalid(
                input("{\"name\":\"x\",\"datatype\":\"FP32\"}"),
                "signature.inputs[0].shape must be an array of integers (-1 = variable)");
        assertInvalid(
                input("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,\"13\"]}"),
                "signature.inputs[0].shape[1] must be an integer");
        assertInvalid(
                input("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,1.5]}"),
                "signature.inputs[0].shape[1] must be an integer");
        assertInvalid(
                input("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,99999999999999999999]}"),
                "signature.inputs[0].shape[1] must be an integer");
    }

    @Test
    void namesTheFieldOfOutputsAfterTheFirst() {
        assertInvalid(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}],"
                        + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1]},"
                        + "{\"name\":\"z\",\"datatype\":\"FP32\",\"shape\":[1,-3]}]}",
                "signature.outputs[1]: tensor 'z': dimension -3 is invalid (use -1 for a variable"
                        + " dimension)");
    }

    @Test
    void namesTheDatatypeFieldOfAnUnknownDatatype() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> read(input("{\"name\":\"x\",\"datatype\":\"FLOAT\",\"shape\":[1]}")))
                .hasMessageStartingWith(
                        "signature.inputs[0].datatype: unknown datatype 'FLOAT' (expected one of");
    }

    @Test
    void reportsRulesOfTheWholeSignature() {
        assertInvalid(
                "{\"inputs\":[]," + OUTPUTS + "}", "signature: signature needs at least one input");
        assertInvalid(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]},"
                        + "{\"name\":\"x\",\"datatype\":\"FP64\",\"shape\":[1]}],"
                        + OUTPUTS
                        + "}",
                "signature: duplicate input name 'x'");
        assertInvalid(
                input("{\"name\":\" \",\"datatype\":\"FP32\",\"shape\":[1]}"),
                "signature.inputs[0]: tensor name must not be blank");
    }

    private static String input(String spec) {
        return "{\"inputs\":[" + spec + "]," + OUTPUTS + "}";
    }

    private static void assertInvalid(String json, String message) {
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> read(json)).hasMessage(message);
    }

    private static Signature read(String json) {
        try {
            return SignatureJson.fromJson(Json.MAPPER.readTree(json), "signature");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
