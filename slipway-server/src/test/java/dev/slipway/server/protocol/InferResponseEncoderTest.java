package dev.slipway.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Responses written by InferResponseEncoder and TensorJsonWriter read back to the same tensors. */
class InferResponseEncoderTest {
    private static final long[] PAIR = {2};
    private static final long[] FOUR = {2, 2};

    static Stream<Tensor> everyDatatype() {
        return Stream.of(
                Tensor.of("bool", DataType.BOOL, PAIR, new boolean[] {true, false}),
                Tensor.of("int8", DataType.INT8, PAIR, new byte[] {-128, 127}),
                Tensor.of("uint8", DataType.UINT8, PAIR, new byte[] {0, (byte) 255}),
                Tensor.of("int16", DataType.INT16, PAIR, new short[] {-32768, 32767}),
                Tensor.of("uint16", DataType.UINT16, PAIR, new short[] {0, (short) 65535}),
                Tensor.ofInts("int32", PAIR, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}),
                Tensor.of("uint32", DataType.UINT32, PAIR, new int[] {0, -1}),
                Tensor.ofLongs("int64", PAIR, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}),
                Tensor.of("uint64", DataType.UINT64, FOUR, new long[] {0, 1, Long.MIN_VALUE, -1}),
                Tensor.of(
                        "fp16",
                        DataType.FP16,
                        FOUR,
                        // 0x0001 is the smallest subnormal half, 0x8000 is -0.
                        new short[] {
                            Float.floatToFloat16(0.1f),
                            Float.floatToFloat16(65504f),
                            0x0001,
                            (short) 0x8000
                        }),
                Tensor.ofFloats(
                        "fp32", FOUR, new float[] {0.1f, Float.MAX_VALUE, Float.MIN_VALUE, -0f}),
                Tensor.ofDoubles(
                        "fp64", FOUR, new double[] {0.1, Double.MAX_VALUE, Double.MIN_VALUE, -0d}),
                Tensor.ofStrings(
                        "bytes", FOUR, "", "grüße 🚢", "quote \" backslash \\", "line\nbreak"));
    }

    @ParameterizedTest
    @MethodSource("everyDatatype")
    void everyDatatypeReadsBackUnchanged(Tensor output) {
        byte[] response =
                InferResponseEncoder.encode("m", 1, null, PredictResult.of(output), List.of());

        assertThat(readOutputs(response)).containsExactly(output);
    }

    @Test
    void writesUint64AboveLongMaxAsAnUnsignedInteger() throws IOException {
        Tensor output = Tensor.of("u", DataType.UINT64, PAIR, new long[] {Long.MIN_VALUE, -1});

        JsonNode data = outputsOf(encode(PredictResult.of(output), List.of())).get(0).get("data");

        assertThat(data.toString()).isEqualTo("[9223372036854775808,18446744073709551615]");
    }

    @Test
    void writesFp16AsItsDecimalValue() throws IOException {
        Tensor output =
                Tensor.of(
                        "h",
                        DataType.FP16,
                        PAIR,
                        new short[] {Float.floatToFloat16(1.5f), Float.floatToFloat16(-65504f)});

        JsonNode data = outputsOf(encode(PredictResult.of(output), List.of())).get(0).get("data");

        assertThat(data.get(0).asDouble()).isEqualTo(1.5);
        assertThat(data.get(1).asDouble()).isEqualTo(-65504.0);
    }

    @Test
    void namesTheModelAndVersionAndEchoesTheId() throws IOException {
        PredictResult result = PredictResult.of(Tensor.ofInts("y", PAIR, new int[] {1, 2}));

        JsonNode withId =
                Json.MAPPER.readTree(
                        InferResponseEncoder.encode("wine", 3, "req-1", result, List.of()));
        JsonNode withoutId = Json.MAPPER.readTree(encode(result, List.of()));

        assertThat(withId.get("model_name").asText()).isEqualTo("wine");
        assertThat(withId.get("model_version").isTextual()).isTrue();
        assertThat(withId.get("model_version").asText()).isEqualTo("3");
        assertThat(withId.get("id").asText()).isEqualTo("req-1");
        assertThat(withoutId.has("id")).isFalse();
        assertThat(withId.get("outputs").get(0).toString())
                .isEqualTo("{\"name\":\"y\",\"datatype\":\"INT32\",\"shape\":[2],\"data\":[1,2]}");
    }

    @Test
    void writesRequestedOutputsInTheCallersOrder() throws IOException {
        PredictResult result = PredictResult.of(tensor("a"), tensor("b"), tensor("c"));

        assertThat(names(encode(result, List.of("c", "a")))).containsExactly("c", "a");
        assertThat(names(encode(result, List.of("b", "c", "a")))).containsExactly("b", "c", "a");
        assertThat(names(encode(result, List.of()))).containsExactly("a", "b", "c");
    }

    @Test
    void leavesOutARequestedOutputTheResultDoesNotHave() throws IOException {
        PredictResult result = PredictResult.of(tensor("a"));

        assertThat(names(encode(result, List.of("missing", "a")))).containsExactly("a");
    }

    private static Tensor tensor(String name) {
        return Tensor.ofFloats(name, new long[] {1}, new float[] {1});
    }

    private static byte[] encode(PredictResult result, List<String> requested) {
        return InferResponseEncoder.encode("m", 1, null, result, requested);
    }

    private static JsonNode outputsOf(byte[] response) throws IOException {
        return Json.MAPPER.readTree(response).get("outputs");
    }

    private static List<String> names(byte[] response) throws IOException {
        List<String> names = new ArrayList<>();
        outputsOf(response).forEach(output -> names.add(output.get("name").asText()));
        return names;
    }

    /** Reads the response's outputs with the same reader that decodes request inputs. */
    static List<Tensor> readOutputs(byte[] response) {
        TensorJsonReader reader = new TensorJsonReader(response);
        List<Tensor> outputs = new ArrayList<>();
        try (JsonParser parser = Json.FACTORY.createParser(response)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME
                        && parser.currentName().equals("outputs")) {
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        outputs.add(reader.read(parser, "output", outputs.size()).tensor());
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(new String(response, StandardCharsets.UTF_8), e);
        }
        return outputs;
    }
}
