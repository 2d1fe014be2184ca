package dev.slipway.server.protocol;

import static dev.slipway.server.protocol.BinaryTensorRequestTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Responses with binary tensor data: binary outputs are described in the JSON with a {@code
 * binary_data_size} and no {@code data}, and their bytes follow the JSON in output order.
 */
class BinaryTensorResponseTest {
    private static final BinaryOutputs ALL = new BinaryOutputs(true, Map.of());

    private static final Tensor PROBABILITIES =
            Tensor.ofFloats("probabilities", new long[] {1, 2}, new float[] {0.25f, 0.75f});
    private static final Tensor LABEL = Tensor.ofLongs("label", new long[] {1}, new long[] {1});
    private static final PredictResult RESULT = PredictResult.of(PROBABILITIES, LABEL);

    @Test
    void writesLittleEndianElementsInTheExtensionsLayout() {
        Tensor fp16 = Tensor.of("h", DataType.FP16, new long[] {1}, new short[] {0x3C00});
        Tensor bool = Tensor.of("b", DataType.BOOL, new long[] {2}, new boolean[] {true, false});
        Tensor text = Tensor.ofStrings("s", new long[] {2}, "hi", "");
        PredictResult result = PredictResult.of(PROBABILITIES, LABEL, fp16, bool, text);

        ResponseBody body = encode(result, List.of(), ALL);

        assertThat(binarySection(body))
                .isEqualTo(
                        bytes(
                                0x00,
                                0x00,
                                0x80,
                                0x3E,
                                0x00,
                                0x00,
                                0x40,
                                0x3F, // FP32 .25, .75
                                0x01,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0, // INT64 1
                                0x00,
                                0x3C, // FP16 1.0
                                0x01,
                                0x00, // BOOL true, false
                                0x02,
                                0,
                                0,
                                0,
                                'h',
                                'i',
                                0,
                                0,
                                0,
                                0 // BYTES "hi", ""
                                ));
    }

    @Test
    void describesBinaryOutputsWithTheirSizeAndNoData() {
        ResponseBody body = encode(RESULT, List.of(), ALL);
        JsonNode header = header(body);

        assertThat(body.contentType()).isEqualTo("application/octet-stream");
        assertThat(body.hasBinaryTensors()).isTrue();
        assertThat(header.get("model_name").asText()).isEqualTo("m");
        assertThat(header.get("id").asText()).isEqualTo("req-1");
        assertThat(header.get("outputs").toString())
                .isEqualTo(
                        "[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,2],"
                                + "\"parameters\":{\"binary_data_size\":8}},"
                                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[1],"
                                + "\"parameters\":{\"binary_data_size\":8}}]");
        assertThat(body.bytes()).hasSize(body.jsonLength() + 16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.slipway.server.protocol.InferResponseEncoderTest#everyDatatype")
    void everyDatatypeReadsBackFromTheBinarySection(Tensor output) {
        ResponseBody body = encode(PredictResult.of(output), List.of(), ALL);

        assertThat(readOutputs(body)).containsExactly(output);
    }

    @Test
    void onlyTheOutputsThatAskForItAreBinaryAndTheirBytesFollowInOutputOrder() {
        Tensor third = Tensor.ofInts("third", new long[] {1}, new int[] {5});
        PredictResult result = PredictResult.of(PROBABILITIES, LABEL, third);
        BinaryOutputs some = new BinaryOutputs(false, Map.of("third", true, "probabilities", true));

        ResponseBody body = encode(result, List.of("third", "label", "probabilities"), some);

        JsonNode outputs = header(body).get("outputs");
        assertThat(outputs.get(0).at("/parameters/binary_data_size").asInt()).isEqualTo(4);
        assertThat(outputs.get(1).get("data").toString()).isEqualTo("[1]");
        assertThat(outputs.get(1).has("parameters")).isFalse();
        assertThat(outputs.get(2).at("/parameters/binary_data_size").asInt()).isEqualTo(8);
        assertThat(readOutputs(body)).containsExactly(third, LABEL, PROBABILITIES);
    }

    @Test
    void anOutputsOwnFlagOverridesTheRequestsDefault() {
        BinaryOutputs allButLabel = new BinaryOutputs(true, Map.of("label", false));

        ResponseBody body = encode(RESULT, List.of(), allButLabel);

        JsonNode outputs = header(body).get("outputs");
        assertThat(outputs.get(0).has("data")).isFalse();
        assertThat(outputs.get(1).get("data").toString()).isEqualTo("[1]");
        assertThat(body.bytes()).hasSize(body.jsonLength() + 8);
    }

    @Test
    void withoutBinaryOutputsTheAnswerIsTheSameJsonAsBefore() {
        byte[] json = InferResponseEncoder.encode("m", 1, "req-1", RESULT, List.of());

        for (BinaryOutputs none :
                List.of(
                        BinaryOutputs.NONE,
                        new BinaryOutputs(false, Map.of("label", false)),
                        // Asked for, but not among the outputs the answer has.
                        new BinaryOutputs(false, Map.of("other", true)))) {
            ResponseBody body = encode(RESULT, List.of(), none);

            assertThat(body.bytes()).as(none.toString()).isEqualTo(json);
            assertThat(body.contentType()).isEqualTo("application/json");
            assertThat(body.hasBinaryTensors()).isFalse();
            assertThat(body.jsonLength()).isEqualTo(-1);
        }
    }

    private static ResponseBody encode(
            PredictResult result, List<String> requested, BinaryOutputs binary) {
        return InferResponseEncoder.encode("m", 1, "req-1", result, requested, binary);
    }

    private static JsonNode header(ResponseBody body) {
        try {
            return Json.MAPPER.readTree(body.bytes(), 0, body.jsonLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] binarySection(ResponseBody body) {
        return Arrays.copyOfRange(body.bytes(), body.jsonLength(), body.bytes().length);
    }

    /**
     * Reads the response's outputs the way a client would: JSON tensors from the JSON, binary ones
     * from the section after it, in order, with the reader that decodes binary inputs.
     */
    private static List<Tensor> readOutputs(ResponseBody body) {
        BinaryTensorReader section = new BinaryTensorReader(body.bytes(), body.jsonLength());
        List<Tensor> outputs = new ArrayList<>();
        for (JsonNode output : header(body).get("outputs")) {
            if (!output.has("parameters")) {
                outputs.addAll(InferResponseEncoderTest.readOutputs(json(output)));
                continue;
            }
            String name = output.get("name").asText();
            long[] shape = new long[output.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = output.get("shape").get(i).asLong();
            }
            DataType datatype = DataType.fromName(output.get("datatype").asText());
            int count = Math.toIntExact(Shapes.elementCount(shape));
            Object data =
                    section.read(
                            "output '" + name + "'",
                            datatype,
                            shape,
                            count,
                            output.at("/parameters/binary_data_size").asLong());
            outputs.add(Tensor.of(name, datatype, shape, data));
        }
        section.finish();
        return outputs;
    }

    /** One output wrapped as a response, for InferResponseEncoderTest's reader. */
    private static byte[] json(JsonNode output) {
        return ("{\"outputs\":[" + output + "]}").getBytes(StandardCharsets.UTF_8);
    }
}
