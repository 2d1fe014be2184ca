package dev.slipway.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of an example's golden.jsonl (docs/formats.md): an OIP v2 request and the outputs the
 * training library produced for it. Shared by the runtime plugins' tests (slipway-spi's test jar),
 * so that each runtime is checked against the Python outputs without depending on the server.
 */
public record GoldenExample(
        String name,
        PredictRequest request,
        List<Tensor> expected,
        double absolute,
        double relative) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<GoldenExample> read(Path file) {
        try {
            List<GoldenExample> examples = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    examples.add(parse(JSON.readTree(line)));
                }
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts numpy-isclose agreement for floating-point outputs and equality for the rest. */
    public void assertMatches(PredictResult result) {
        for (Tensor expectedTensor : expected) {
            String label = name + " / " + expectedTensor.name();
            Tensor actual =
                    result.output(expectedTensor.name())
                            .orElseThrow(() -> new AssertionError(label + ": output missing"));
            assertThat(actual.datatype()).as(label).isEqualTo(expectedTensor.datatype());
            assertThat(actual.shape()).as(label).isEqualTo(expectedTensor.shape());
            if (!expectedTensor.datatype().isFloatingPoint()) {
                assertThat(actual).as(label).isEqualTo(expectedTensor);
                continue;
            }
            for (int i = 0; i < expectedTensor.elementCount(); i++) {
                double want = expectedTensor.getAsDouble(i);
                assertThat(actual.getAsDouble(i))
                        .as(label + "[" + i + "]")
                        .isCloseTo(want, offset(absolute + relative * Math.abs(want)));
            }
        }
    }

    private static GoldenExample parse(JsonNode line) {
        List<Tensor> inputs = tensors(line.path("request").path("inputs"));
        List<Tensor> expected = tensors(line.path("expected").path("outputs"));
        JsonNode tolerance = line.path("tolerance");
        return new GoldenExample(
                line.path("name").asText("unnamed"),
                new PredictRequest(inputs, Set.of(), Map.of()),
                expected,
                tolerance.path("absolute").asDouble(1e-6),
                tolerance.path("relative").asDouble(1e-5));
    }

    private static List<Tensor> tensors(JsonNode array) {
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode node : array) {
            DataType datatype = DataType.fromName(node.path("datatype").asText());
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong();
            }
            List<JsonNode> values = new ArrayList<>();
            flatten(node.path("data"), values);
            tensors.add(
                    Tensor.of(node.path("name").asText(), datatype, shape, data(datatype, values)));
        }
        return tensors;
    }

    private static void flatten(JsonNode node, List<JsonNode> values) {
        if (node.isArray()) {
            node.forEach(item -> flatten(item, values));
        } else {
            values.add(node);
        }
    }

    private static Object data(DataType datatype, List<JsonNode> values) {
        int n = values.size();
        return switch (datatype) {
            case FP32 -> {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (float) values.get(i).asDouble();
                }
                yield data;
            }
            case FP64 -> values.stream().mapToDouble(JsonNode::asDouble).toArray();
            case INT64 -> values.stream().mapToLong(JsonNode::asLong).toArray();
            case INT32 -> values.stream().mapToInt(JsonNode::asInt).toArray();
            default ->
                    throw new IllegalArgumentException(
                            "golden files of the examples use FP32, FP64, INT32 and INT64, not "
                                    + datatype);
        };
    }
}
