package dev.slipway.server.protocol;

import static dev.slipway.server.protocol.InferRequestDatatypesTest.decode;
import static dev.slipway.server.protocol.InferRequestDatatypesTest.tensor;
import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OIP v2 request object around the tensors: id, parameters, outputs and malformed bodies. */
class InferRequestDecoderTest {
    private static final String INPUT = tensor("x", "FP32", "[2]", "[1, 2]");

    private static String request(String fields) {
        return "{" + fields + "\"inputs\":[" + INPUT + "]}";
    }

    @Test
    void decodesIdInputsAndDefaults() {
        InferenceRequest request =
                decode(
                        "{\"id\":\"req-7\",\"inputs\":["
                                + INPUT
                                + ","
                                + tensor("y", "BYTES", "[1]", "[\"a\"]")
                                + "]}");

        assertThat(request.id()).isEqualTo("req-7");
        assertThat(request.predict().inputs())
                .containsExactly(
                        Tensor.ofFloats("x", new long[] {2}, new float[] {1, 2}),
                        Tensor.ofStrings("y", new long[] {1}, "a"));
        assertThat(request.outputs()).isEmpty();
        assertThat(request.predict().requestedOutputs()).isEmpty();
        assertThat(request.predict().parameters()).isEmpty();
    }

    @Test
    void leavesTheIdNullWhenAbsentAndRefusesANonStringId() {
        assertThat(decode(request("")).id()).isNull();
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(request("\"id\":42,")))
                .hasMessage("id must be a string");
    }

    @Test
    void passesNestedParametersThroughToThePredictRequest() {
        InferenceRequest request =
                decode(
                        request(
                                "\"parameters\":{\"trace\":true,\"priority\":2,\"ratio\":0.5,"
                                        + "\"tag\":\"a\",\"big\":12345678901,"
                                        + "\"nested\":{\"list\":[1,\"two\",{\"three\":3}]}},"));

        assertThat(request.predict().parameters())
                .isEqualTo(
                        Map.of(
                                "trace",
                                true,
                                "priority",
                                2,
                                "ratio",
                                0.5,
                                "tag",
                                "a",
                                "big",
                                12345678901L,
                                "nested",
                                Map.of("list", List.of(1, "two", Map.of("three", 3)))));
    }

    @Test
    void refusesANullParameterInsteadOfFailingInternally() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(request("\"parameters\":{\"priority\":null},")))
                .hasMessage("parameter 'priority' must not be null");
    }

    @Test
    void ignoresTensorParametersAndUnknownFieldsAtEveryLevel() {
        String body =
                "{\"extra\":{\"deep\":[1,{\"x\":[]}]},\"more\":[1,[2]],\"flag\":true,"
                        + "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],"
                        + "\"parameters\":{\"content_type\":\"np\"},\"unknown\":{\"a\":1},"
                        + "\"data\":[1,2]}],\"trailing\":null}";

        assertThat(decode(body).predict().inputs())
                .containsExactly(Tensor.ofFloats("x", new long[] {2}, new float[] {1, 2}));
    }

    @Test
    void keepsRequestedOutputsInTheCallersOrder() {
        InferenceRequest request =
                decode(
                        request(
                                "\"outputs\":[{\"name\":\"label\"},{\"name\":\"probabilities\","
                                        + "\"parameters\":{\"binary_data\":false}},{\"name\":\"a\"}],"));

        assertThat(request.outputs()).containsExactly("label", "probabilities", "a");
        assertThat(request.predict().requestedOutputs())
                .isEqualTo(Set.of("label", "probabilities", "a"));
    }

    @Test
    void refusesBadOutputLists() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(request("\"outputs\":[{\"name\":\"a\"},{\"name\":\"a\"}],")))
                .hasMessage("output 'a' is requested twice");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(request("\"outputs\":[{\"name\":\"a\"},{}],")))
                .hasMessage("output 1 has no 'name'");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(request("\"outputs\":{},")))
                .hasMessage("'outputs' must be an array of {\"name\": ...} objects");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(request("\"outputs\":[\"a\"],")))
                .hasMessage("each of 'outputs' must be an object with a 'name'");
    }

    @Test
    void namesTheMissingFieldOfATensor() {
        assertMissing(
                "{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}", "input 0 has no 'name'");
        assertMissing("{\"name\":\"x\",\"shape\":[1],\"data\":[1]}", "input 'x' has no 'datatype'");
        assertMissing(
                "{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[1]}", "input 'x' has no 'shape'");
        assertMissing(
                "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}", "input 'x' has no 'data'");
    }

    private static void assertMissing(String tensor, String message) {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(inputs(tensor))).hasMessage(message);
    }

    @Test
    void refusesAnUnknownDatatypeNamingTheInput() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(inputs(tensor("x", "FLOAT32", "[1]", "[1]"))))
                .hasMessageStartingWith("input 'x': unknown datatype 'FLOAT32' (expected one of");
    }

    @Test
    void refusesShapesWithNegativeOrFractionalDimensions() {
        Map<String, String> badShapes = Map.of("[2,-1]", "-1", "[1.5]", "1.5", "[\"2\"]", "2");
        badShapes.forEach(
                (shape, dimension) ->
                        assertFailsWith(
                                        ErrorCode.INVALID_INPUT,
                                        () -> decode(inputs(tensor("x", "FP32", shape, "[1]"))))
                                .hasMessage(
                                        "input 'x' shape must hold non-negative integers, got "
                                                + dimension));
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(inputs(tensor("x", "FP32", "2", "[1]"))))
                .hasMessage("input 'x' shape must be an array of integers");
    }

    @Test
    void refusesAShapeWhoseElementCountOverflows() {
        String shape = "[9223372036854775807,4]";

        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(inputs(tensor("x", "FP32", shape, "[1]"))))
                .hasMessage(
                        "input 'x' has shape [9223372036854775807, 4], which has too many elements");
    }

    @Test
    void refusesRequestsWithoutInputs() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode("{\"id\":\"x\"}"))
                .hasMessage("request has no 'inputs' array");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode("{\"inputs\":[]}"))
                .hasMessage("request 'inputs' is empty");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode("{\"inputs\":{}}"))
                .hasMessage("'inputs' must be an array of tensors");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode("{\"inputs\":[[1]]}"))
                .hasMessage("input 0 must be a JSON object");
    }

    @Test
    void refusesAnEmptyBody() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> InferRequestDecoder.decode(new byte[0]))
                .hasMessage("request body is empty; expected an OIP v2 inference request");
    }

    @Test
    void refusesATopLevelValueThatIsNotAnObject() {
        for (String body : List.of("[]", "42", "\"text\"", "null", "   ")) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(body))
                    .as(body)
                    .hasMessage("request body must be a JSON object");
        }
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() {
        String body = "{\n  \"inputs\": [\n    {\"name\": x}\n  ]\n}";

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(body))
                // Jackson (2.21) reports where the bad token "x" starts.
                .hasMessageStartingWith("malformed JSON at line 3, column 14: ")
                .hasMessageContaining("Unrecognized token 'x'");
    }

    @Test
    void reportsATruncatedBodyAsMalformed() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode("{\"inputs\": [ {\"name\": "))
                .hasMessageStartingWith("malformed JSON at line 1, column ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void acceptsTrailingWhitespace() {
        assertThat(decode(request("") + "\n\n  ").predict().inputs()).hasSize(1);
    }

    private static String inputs(String tensor) {
        return "{\"inputs\":[" + tensor + "]}";
    }
}
