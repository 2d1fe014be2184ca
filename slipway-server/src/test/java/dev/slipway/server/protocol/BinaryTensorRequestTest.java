package dev.slipway.server.protocol;

import static dev.slipway.server.protocol.InferRequestDatatypesTest.tensor;
import static dev.slipway.server.protocol.InferRequestDatatypesTest.utf8;
import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests with binary tensor data (Triton's binary tensor data extension): the JSON, then the
 * bytes of the inputs that have a {@code binary_data_size}, in the order the inputs appear.
 */
class BinaryTensorRequestTest {

    @Test
    void readsLittleEndianElementsInTheExtensionsLayout() {
        // Written out byte by byte so that the test does not share the server's writer.
        byte[] section =
                bytes(
                        0x00,
                        0x00,
                        0x80,
                        0x3F,
                        0x00,
                        0x00,
                        0x20,
                        0xC0, // FP32 1.0, -2.5
                        0x01,
                        0x00,
                        0x00,
                        0x00,
                        0x00,
                        0x00,
                        0x00,
                        0x80, // INT64 Long.MIN_VALUE + 1
                        0x00,
                        0x3C, // FP16 1.0
                        0x01,
                        0x00, // BOOL true, false
                        0x02,
                        0x00,
                        0x00,
                        0x00,
                        'h',
                        'i',
                        0x00,
                        0x00,
                        0x00,
                        0x00, // BYTES "hi", ""
                        0xFF,
                        0xFF,
                        0xFF,
                        0xFF // UINT32 4294967295
                        );
        String json =
                inputs(
                        binaryInput("f", "FP32", "[2]", 8),
                        binaryInput("l", "INT64", "[1]", 8),
                        binaryInput("h", "FP16", "[1]", 2),
                        binaryInput("b", "BOOL", "[2]", 2),
                        binaryInput("s", "BYTES", "[2]", 10),
                        binaryInput("u", "UINT32", "[1]", 4));

        List<Tensor> inputs = decode(json, section).predict().inputs();

        assertThat(inputs)
                .containsExactly(
                        Tensor.ofFloats("f", new long[] {2}, new float[] {1f, -2.5f}),
                        Tensor.ofLongs("l", new long[] {1}, new long[] {Long.MIN_VALUE + 1}),
                        Tensor.of("h", DataType.FP16, new long[] {1}, new short[] {0x3C00}),
                        Tensor.of("b", DataType.BOOL, new long[] {2}, new boolean[] {true, false}),
                        Tensor.ofStrings("s", new long[] {2}, "hi", ""),
                        Tensor.of("u", DataType.UINT32, new long[] {1}, new int[] {-1}));
        assertThat(Float.float16ToFloat(inputs.get(2).shorts()[0])).isEqualTo(1f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.slipway.server.protocol.InferResponseEncoderTest#everyDatatype")
    void everyDatatypeReadsBackFromTheBinarySection(Tensor tensor) {
        String json = inputs(binaryInput(tensor));

        assertThat(decode(json, binary(tensor)).predict().inputs()).containsExactly(tensor);
    }

    @Test
    void mixesJsonAndBinaryInputsAndTakesTheSectionInInputOrder() {
        Tensor first = Tensor.ofFloats("first", new long[] {1, 3}, new float[] {1, 2, 3});
        Tensor last = Tensor.ofStrings("last", new long[] {2}, "grüße", "🚢");
        String json =
                "{\"id\":\"r1\",\"inputs\":["
                        + binaryInput(first)
                        + ","
                        + tensor("middle", "INT32", "[2]", "[7, 8]")
                        + ","
                        + binaryInput(last)
                        + "]}";

        InferenceRequest request = decode(json, concat(binary(first), binary(last)));

        assertThat(request.id()).isEqualTo("r1");
        assertThat(request.predict().inputs())
                .containsExactly(
                        first, Tensor.ofInts("middle", new long[] {2}, new int[] {7, 8}), last);
    }

    @Test
    void readsTheSizeWhereverItStandsInTheTensorObject() {
        String json =
                "{\"inputs\":[{\"parameters\":{\"note\":1,\"binary_data_size\":4},"
                        + "\"shape\":[1],\"name\":\"x\",\"datatype\":\"FP32\"}]}";

        assertThat(decode(json, floats(0.5f)).predict().inputs())
                .containsExactly(Tensor.ofFloats("x", new long[] {1}, new float[] {0.5f}));
    }

    @Test
    void aJsonBodyDecodesTheSameWithTheHeaderAsWithout() {
        String json = inputs(tensor("x", "FP64", "[2]", "[0.1, 2]"));

        InferenceRequest withHeader = decode(json, new byte[0]);
        InferenceRequest without = InferRequestDecoder.decode(utf8(json));

        assertThat(withHeader.predict().inputs()).isEqualTo(without.predict().inputs());
        assertThat(without.binaryOutputs()).isSameAs(BinaryOutputs.NONE);
    }

    @Test
    void refusesABinaryInputInABodyWithoutBinaryData() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                InferRequestDatatypesTest.decode(
                                        inputs(binaryInput("x", "FP32", "[1]", 4))))
                .hasMessage(
                        "input 'x' has parameters.binary_data_size, but the body has no binary"
                                + " tensor data (send the Inference-Header-Content-Length header"
                                + " with the JSON's length)");
    }

    @Test
    void refusesASizeThatIsNotANonNegativeInteger() {
        for (String size : List.of("-1", "1.5", "\"4\"", "true", "99999999999999999999")) {
            String json =
                    inputs(
                            "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],"
                                    + "\"parameters\":{\"binary_data_size\":"
                                    + size
                                    + "}}");

            assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, floats(1)))
                    .as(size)
                    .hasMessageStartingWith(
                            "input 'x' parameters.binary_data_size must be a non-negative"
                                    + " integer, got ");
        }
    }

    @Test
    void refusesASizeThatDoesNotFitTheShapeNamingBothNumbers() {
        String json = inputs(binaryInput("x", "FP32", "[2,13]", 48));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, new byte[48]))
                .hasMessage(
                        "input 'x' has binary_data_size 48, but shape [2, 13] of FP32 needs 104"
                                + " bytes (26 elements of 4)");
    }

    @Test
    void refusesSizesThatAddUpToMoreThanTheSection() {
        String json =
                inputs(binaryInput("a", "INT16", "[2]", 4), binaryInput("b", "INT16", "[3]", 6));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, new byte[8]))
                .hasMessage(
                        "input 'b' has binary_data_size 6, but only 4 bytes of binary data are"
                                + " left in the body");
    }

    @Test
    void refusesBytesLeftOverAfterTheLastBinaryInput() {
        String json = inputs(binaryInput("a", "UINT8", "[2]", 2));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, new byte[5]))
                .hasMessage(
                        "the body has 3 bytes of binary data left over after the last binary"
                                + " input (the binary_data_size values add up to less than the"
                                + " body after Inference-Header-Content-Length)");
    }

    @Test
    void refusesAnInputWithBothDataAndASizeInEitherOrder() {
        String sizeFirst =
                inputs(
                        "{\"name\":\"x\",\"parameters\":{\"binary_data_size\":4},"
                                + "\"data\":[1],\"datatype\":\"FP32\",\"shape\":[1]}");
        String dataLast =
                inputs(
                        "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],"
                                + "\"parameters\":{\"binary_data_size\":4},\"data\":[1]}");

        for (String json : List.of(sizeFirst, dataLast)) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, floats(1)))
                    .hasMessage(
                            "input 'x' has both 'data' and parameters.binary_data_size; send its"
                                    + " elements one way");
        }
    }

    @Test
    void refusesABytesElementWhoseLengthRunsPastItsSize() {
        byte[] section = concat(littleEndianInts(1), bytes('a'), littleEndianInts(7), bytes('b'));
        String json = inputs(binaryInput("s", "BYTES", "[2]", section.length));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, section))
                .hasMessage(
                        "input 's' BYTES element 1 has length 7, which runs past its"
                                + " binary_data_size 10 (1 bytes are left)");
    }

    @Test
    void refusesBytesElementsThatDoNotFillOrFitTheirSize() {
        byte[] one = concat(littleEndianInts(1), bytes('a'));

        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                decode(
                                        inputs(binaryInput("s", "BYTES", "[1]", 7)),
                                        concat(one, bytes(0, 0))))
                .hasMessage(
                        "input 's' has binary_data_size 7, but its 1 BYTES elements take 5 bytes");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                decode(
                                        inputs(binaryInput("s", "BYTES", "[2]", 8)),
                                        concat(one, bytes(0, 0, 0))))
                .hasMessage(
                        "input 's' BYTES element 1 has no room for its 4-byte length: 3 bytes of"
                                + " binary_data_size 8 are left");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> decode(inputs(binaryInput("s", "BYTES", "[1000000000]", 5)), one))
                .hasMessage(
                        "input 's' has binary_data_size 5, but its 1000000000 BYTES elements need"
                                + " at least 4000000000 bytes for their 4-byte lengths");
    }

    @Test
    void refusesABinaryBoolThatIsNeitherZeroNorOne() {
        String json = inputs(binaryInput("b", "BOOL", "[3]", 3));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(json, bytes(1, 0, 2)))
                .hasMessage("input 'b' BOOL element 2 is 2; a binary BOOL is one byte, 0 or 1");
    }

    @Test
    void refusesAHeaderThatIsZeroOrCutsTheJsonShort() {
        byte[] body = utf8(inputs(tensor("x", "FP32", "[1]", "[1]")));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> InferRequestDecoder.decode(body, 0))
                .hasMessage(
                        "Inference-Header-Content-Length is 0, so the body has no JSON inference"
                                + " request before its binary data");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> InferRequestDecoder.decode(body, 10))
                .hasMessageStartingWith("malformed JSON at line 1, column ");
    }

    @Test
    void binaryDataOutputAsksForEveryOutputUnlessAnOutputSaysOtherwise() {
        String input = tensor("x", "FP32", "[1]", "[1]");
        BinaryOutputs all =
                InferRequestDatatypesTest.decode(
                                "{\"parameters\":{\"binary_data_output\":true},\"inputs\":["
                                        + input
                                        + "],\"outputs\":[{\"name\":\"a\"},{\"name\":\"b\","
                                        + "\"parameters\":{\"binary_data\":false}}]}")
                        .binaryOutputs();
        BinaryOutputs one =
                InferRequestDatatypesTest.decode(
                                "{\"inputs\":["
                                        + input
                                        + "],\"outputs\":[{\"parameters\":{\"binary_data\":true},"
                                        + "\"name\":\"a\"},{\"name\":\"b\"}]}")
                        .binaryOutputs();

        assertThat(all).isEqualTo(new BinaryOutputs(true, Map.of("b", false)));
        assertThat(List.of(all.isBinary("a"), all.isBinary("b"), all.isBinary("c")))
                .containsExactly(true, false, true);
        assertThat(one).isEqualTo(new BinaryOutputs(false, Map.of("a", true)));
        assertThat(List.of(one.isBinary("a"), one.isBinary("b"), one.none()))
                .containsExactly(true, false, false);
    }

    @Test
    void aRequestWithoutBinaryFlagsOrWithOnlyFalseOnesAnswersJson() {
        String input = tensor("x", "FP32", "[1]", "[1]");

        assertThat(
                        InferRequestDatatypesTest.decode(
                                        "{\"inputs\":["
                                                + input
                                                + "],\"outputs\":[{\"name\":\"a\"}]}")
                                .binaryOutputs())
                .isSameAs(BinaryOutputs.NONE);
        assertThat(
                        InferRequestDatatypesTest.decode(
                                        "{\"parameters\":{\"binary_data_output\":false},"
                                                + "\"inputs\":["
                                                + input
                                                + "],\"outputs\":[{\"name\":\"a\","
                                                + "\"parameters\":{\"binary_data\":false}}]}")
                                .binaryOutputs()
                                .none())
                .isTrue();
    }

    @Test
    void refusesBinaryFlagsThatAreNotBooleans() {
        String input = tensor("x", "FP32", "[1]", "[1]");

        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                InferRequestDatatypesTest.decode(
                                        "{\"parameters\":{\"binary_data_output\":1},\"inputs\":["
                                                + input
                                                + "]}"))
                .hasMessage("parameters.binary_data_output must be true or false, got 1");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                InferRequestDatatypesTest.decode(
                                        "{\"inputs\":["
                                                + input
                                                + "],\"outputs\":[{\"name\":\"a\","
                                                + "\"parameters\":{\"binary_data\":\"yes\"}}]}"))
                .hasMessage("output 'a' parameters.binary_data must be true or false, got yes");
    }

    static InferenceRequest decode(String json, byte[] section) {
        byte[] header = utf8(json);
        return InferRequestDecoder.decode(concat(header, section), header.length);
    }

    static String inputs(String... tensors) {
        return "{\"inputs\":[" + String.join(",", tensors) + "]}";
    }

    static String binaryInput(String name, String datatype, String shape, long size) {
        return "{\"name\":\""
                + name
                + "\",\"datatype\":\""
                + datatype
                + "\",\"shape\":"
                + shape
                + ",\"parameters\":{\"binary_data_size\":"
                + size
                + "}}";
    }

    static String binaryInput(Tensor tensor) {
        return binaryInput(
                tensor.name(),
                tensor.datatype().name(),
                Arrays.toString(tensor.shape()),
                BinaryTensorWriter.size(tensor));
    }

    /** The tensor as the server's writer puts it in a binary section. */
    static byte[] binary(Tensor tensor) {
        ByteBuffer buffer = ByteBuffer.allocate((int) BinaryTensorWriter.size(tensor));
        BinaryTensorWriter.write(buffer, tensor);
        assertThat(buffer.hasRemaining()).isFalse();
        return buffer.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] littleEndianInts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}
