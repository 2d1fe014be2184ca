package dev.slipway.server.protocol;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Tensor values of every OIP datatype: storage, ranges, element kinds and data layouts. */
class InferRequestDatatypesTest {

    static Stream<Arguments> everyDatatype() {
        return Stream.of(
                Arguments.of(
                        DataType.BOOL, "[true, false, true]", new boolean[] {true, false, true}),
                Arguments.of(DataType.INT8, "[-128, 0, 127]", new byte[] {-128, 0, 127}),
                Arguments.of(DataType.INT16, "[-32768, 0, 32767]", new short[] {-32768, 0, 32767}),
                Arguments.of(
                        DataType.INT32,
                        "[-2147483648, 0, 2147483647]",
                        new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}),
                Arguments.of(
                        DataType.INT64,
                        "[-9223372036854775808, 0, 9223372036854775807]",
                        new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}),
                Arguments.of(DataType.UINT8, "[0, 128, 255]", new byte[] {0, (byte) 128, -1}),
                Arguments.of(
                        DataType.UINT16, "[0, 32768, 65535]", new short[] {0, (short) 32768, -1}),
                Arguments.of(
                        DataType.UINT32,
                        "[0, 2147483648, 4294967295]",
                        new int[] {0, Integer.MIN_VALUE, -1}),
                // Above Long.MAX_VALUE: stored as the same 64 bits, read back unsigned.
                Arguments.of(
                        DataType.UINT64,
                        "[0, 9223372036854775808, 18446744073709551615]",
                        new long[] {0, Long.MIN_VALUE, -1}),
                Arguments.of(
                        DataType.FP16,
                        "[1.5, -2, 65504]",
                        new short[] {
                            Float.floatToFloat16(1.5f),
                            Float.floatToFloat16(-2f),
                            Float.floatToFloat16(65504f)
                        }),
                Arguments.of(DataType.FP32, "[0.1, -2, 3.4e38]", new float[] {0.1f, -2f, 3.4e38f}),
                Arguments.of(DataType.FP64, "[0.1, -2, 1e308]", new double[] {0.1, -2, 1e308}),
                Arguments.of(
                        DataType.BYTES,
                        "[\"\", \"grüße\", \"日本語 🚢\"]",
                        new byte[][] {
                            {}, utf8("grüße"), utf8("日本語 🚢"),
                        }));
    }

    @ParameterizedTest
    @MethodSource("everyDatatype")
    void decodesEveryDatatypeIntoItsStorageArray(DataType type, String data, Object expected) {
        Tensor tensor = input(tensor("x", type.name(), "[3]", data));

        assertThat(tensor).isEqualTo(Tensor.of("x", type, new long[] {3}, expected));
    }

    @ParameterizedTest
    @MethodSource("everyDatatype")
    void decodesDataThatComesBeforeDatatypeAndShape(DataType type, String data, Object expected) {
        // A name with non-ASCII characters first: the re-parse must use byte, not char, offsets.
        String body =
                "{\"inputs\":[{\"name\":\"früh\",\"data\":"
                        + data
                        + ",\"shape\":[3],\"datatype\":\""
                        + type
                        + "\"}]}";

        Tensor tensor = decode(body).predict().inputs().getFirst();

        assertThat(tensor).isEqualTo(Tensor.of("früh", type, new long[] {3}, expected));
    }

    @Test
    void reParsesTheDataOfALaterInputAtItsOwnOffset() {
        String body =
                "{\"inputs\":["
                        + tensor("a", "INT32", "[1]", "[7]")
                        + ",{\"data\":[[1,2],[3,4]],\"name\":\"b\",\"datatype\":\"UINT8\",\"shape\":[2,2]}]}";

        var inputs = decode(body).predict().inputs();

        assertThat(inputs.get(0)).isEqualTo(Tensor.ofInts("a", new long[] {1}, new int[] {7}));
        assertThat(inputs.get(1))
                .isEqualTo(
                        Tensor.of("b", DataType.UINT8, new long[] {2, 2}, new byte[] {1, 2, 3, 4}));
    }

    @Test
    void nestedDataEqualsFlatData() {
        Tensor flat = input(tensor("x", "FP32", "[2,3]", "[1,2,3,4,5,6]"));
        Tensor nested = input(tensor("x", "FP32", "[2,3]", "[[1,2,3],[4,5,6]]"));
        Tensor deep = input(tensor("x", "FP32", "[2,3]", "[[[1],[2],[3]],[[4],[5],[6]]]"));

        assertThat(nested).isEqualTo(flat);
        assertThat(deep).isEqualTo(flat);
    }

    @Test
    void acceptsAnEmptyTensor() {
        Tensor empty = input(tensor("x", "FP32", "[0,4]", "[]"));

        assertThat(empty.elementCount()).isZero();
        assertThat(empty.shape()).containsExactly(0, 4);
    }

    /**
     * Numbers are parsed from the parser's own characters, not through Jackson's number getters:
     * each must still be the JDK's nearest float or double to its text, whatever its form.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "12.170000076293945", // float32 written as the 17 digits of its double
                "0.44999998807907104",
                "-0.0",
                "0",
                "355",
                "16777217", // 2^24 + 1: not a float, rounds to even
                "9007199254740993", // 2^53 + 1: not a double
                "123456789012345678901234567890", // beyond a long
                "1.00000005960464477550", // just above the float halfway point between 1 and its
                // successor
                "1e-45",
                "1.4e-45",
                "4.9e-324",
                "2.5E+10",
                "-7.038531e-26",
                "3.4028235677973366e38", // rounds to Float.MAX_VALUE, not infinity
                "1e39",
                "1e400",
            })
    void decodesFloatingPointTextToTheNearestValueAsTheJdkDoes(String text) {
        float[] floats = input(tensor("x", "FP32", "[1]", "[" + text + "]")).floats();
        double[] doubles = input(tensor("x", "FP64", "[1]", "[" + text + "]")).doubles();

        assertThat(Float.floatToRawIntBits(floats[0]))
                .as("FP32 %s", text)
                .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
        assertThat(Double.doubleToRawLongBits(doubles[0]))
                .as("FP64 %s", text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void acceptsNaNAndInfinityTokensForFloatingPointTypes() {
        String data = "[NaN, Infinity, -Infinity]";

        assertThat(input(tensor("x", "FP32", "[3]", data)).floats())
                .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertThat(input(tensor("x", "FP64", "[3]", data)).doubles())
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        Tensor half = input(tensor("x", "FP16", "[3]", data));
        assertThat(half.getAsDouble(0)).isNaN();
        assertThat(half.getAsDouble(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(half.getAsDouble(2)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "INT8   | 128                  | [-128, 127]",
                "INT8   | -129                 | [-128, 127]",
                "UINT8  | -1                   | [0, 255]",
                "UINT8  | 256                  | [0, 255]",
                "INT16  | 32768                | [-32768, 32767]",
                "UINT16 | 65536                | [0, 65535]",
                "INT32  | -2147483649          | [-2147483648, 2147483647]",
                "UINT32 | 4294967296           | [0, 4294967295]",
                "UINT32 | -1                   | [0, 4294967295]",
                "INT64  | 9223372036854775808  | [-9223372036854775808, 9223372036854775807]",
                "UINT64 | -1                   | [0, 18446744073709551615]",
                "UINT64 | 18446744073709551616 | [0, 18446744073709551615]",
            })
    void refusesAnIntegerOutOfRangeNamingTensorElementAndRange(
            String type, String value, String range) {
        String data = "[0, " + value + "]";

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> input(tensor("x", type, "[2]", data)))
                .hasMessage(
                        "input 'x' element 1 ("
                                + value
                                + ") is out of range for "
                                + type
                                + " "
                                + range);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FP32   | \"1.5\" | a number       | a string",
                "FP64   | {}      | a number       | an object",
                "FP16   | true    | a number       | a boolean",
                "BOOL   | 1       | true or false  | an integer",
                "BOOL   | \"true\"| true or false  | a string",
                "INT32  | 1.5     | an integer     | a number with a fraction",
                "INT64  | 2.0     | an integer     | a number with a fraction",
                "UINT64 | null    | an integer     | null",
                "UINT8  | \"7\"   | an integer     | a string",
                "BYTES  | 7       | a string       | an integer",
            })
    void refusesTheWrongKindOfElement(String type, String element, String wanted, String got) {
        String valid =
                switch (type) {
                    case "BYTES" -> "\"ok\"";
                    case "BOOL" -> "true";
                    default -> "0";
                };
        String data = "[" + valid + ", " + element + "]";

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> input(tensor("x", type, "[2]", data)))
                .hasMessage(
                        "input 'x' element 1 must be "
                                + wanted
                                + " for datatype "
                                + type
                                + ", got "
                                + got);
    }

    @Test
    void refusesDataWhoseCountDoesNotFitTheShape() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> input(tensor("x", "FP32", "[2,2]", "[[1,2],[3]]")))
                .hasMessage("input 'x' has shape [2, 2], which needs 4 elements, but data has 3");
    }

    @Test
    void refusesDataThatIsNotAnArrayInEitherOrder() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> input(tensor("x", "FP32", "[1]", "1")))
                .hasMessage("input 'x' data must be an array");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                decode(
                                        "{\"inputs\":[{\"name\":\"x\",\"data\":1,\"datatype\":\"FP32\"}]}"))
                .hasMessage("input 'x' data must be an array");
    }

    @Test
    void reportsARangeErrorFoundWhileReParsingDataThatCameFirst() {
        String body =
                "{\"inputs\":[{\"name\":\"x\",\"data\":[1,300],\"shape\":[2],\"datatype\":\"UINT8\"}]}";

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> decode(body))
                .hasMessage("input 'x' element 1 (300) is out of range for UINT8 [0, 255]");
    }

    static String tensor(String name, String datatype, String shape, String data) {
        return "{\"name\":\""
                + name
                + "\",\"datatype\":\""
                + datatype
                + "\",\"shape\":"
                + shape
                + ",\"data\":"
                + data
                + "}";
    }

    static InferenceRequest decode(String body) {
        return InferRequestDecoder.decode(utf8(body));
    }

    static Tensor input(String tensorJson) {
        return decode("{\"inputs\":[" + tensorJson + "]}").predict().inputs().getFirst();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
