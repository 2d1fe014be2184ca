package dev.slipway.server.protocol;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.Tolerance;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden examples as JSON: the lines of golden.jsonl, and the text the registry stores. */
class GoldenJsonTest {
    private static final String REQUEST =
            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}";
    private static final String EXPECTED =
            "{\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[0.5]}]}";

    @Test
    void readsAnExampleWithNameRequestExpectedAndTolerance() {
        List<GoldenExample> examples =
                read(
                        "[{\"name\":\"first\",\"request\":"
                                + REQUEST
                                + ",\"expected\":"
                                + EXPECTED
                                + ",\"tolerance\":{\"absolute\":0.01,\"relative\":0.001}}]");

        GoldenExample example = examples.getFirst();
        assertThat(example.name()).isEqualTo("first");
        assertThat(example.request().inputs())
                .containsExactly(Tensor.ofFloats("x", new long[] {1, 2}, new float[] {1, 2}));
        assertThat(example.expectedOutputs())
                .containsExactly(Tensor.ofFloats("y", new long[] {1}, new float[] {0.5f}));
        assertThat(example.tolerance()).isEqualTo(new Tolerance(0.01, 0.001));
    }

    @Test
    void defaultsTheNameToThePositionAndTheToleranceToTheDefault() {
        String example = "{\"request\":" + REQUEST + ",\"expected\":" + EXPECTED + "}";

        List<GoldenExample> examples = read("[" + example + "," + example + "]");

        assertThat(examples)
                .extracting(GoldenExample::name)
                .containsExactly("example-1", "example-2");
        assertThat(examples.getFirst().tolerance()).isEqualTo(Tolerance.DEFAULT);
    }

    @Test
    void partialToleranceKeepsTheDefaultForTheOtherBound() {
        List<GoldenExample> examples =
                read(
                        "[{\"request\":"
                                + REQUEST
                                + ",\"expected\":"
                                + EXPECTED
                                + ",\"tolerance\":{\"absolute\":0.5}}]");

        assertThat(examples.getFirst().tolerance())
                .isEqualTo(new Tolerance(0.5, Tolerance.DEFAULT.relative()));
    }

    @Test
    void roundTripsEveryPartThroughTheStoredText() {
        List<GoldenExample> examples =
                List.of(
                        new GoldenExample(
                                "all-types",
                                new PredictRequest(
                                        List.of(
                                                Tensor.ofFloats(
                                                        "f",
                                                        new long[] {2},
                                                        new float[] {0.1f, -3}),
                                                Tensor.of(
                                                        "u",
                                                        DataType.UINT64,
                                                        new long[] {1},
                                                        new long[] {-1}),
                                                Tensor.of(
                                                        "h",
                                                        DataType.FP16,
                                                        new long[] {1},
                                                        new short[] {0x3e00}),
                                                Tensor.ofStrings("s", new long[] {2}, "grüße", "")),
                                        Set.of(),
                                        Map.of("temperature", 0.5, "mode", "fast", "n", 3)),
                                List.of(Tensor.ofLongs("label", new long[] {2}, new long[] {0, 7})),
                                new Tolerance(0.25, 0.125)),
                        new GoldenExample(
                                "second",
                                PredictRequest.of(
                                        Tensor.ofInts("i", new long[] {1}, new int[] {5})),
                                List.of(
                                        Tensor.ofDoubles(
                                                "d", new long[] {1}, new double[] {Math.PI})),
                                Tolerance.DEFAULT));

        assertThat(GoldenJson.fromJsonText(GoldenJson.toJson(examples))).isEqualTo(examples);
    }

    @Test
    void roundTripsNaNAndInfinityInInputsAndExpectedOutputs() {
        // XGBoost golden files carry NaN for missing values; Python's json writes it bare.
        Tensor input =
                Tensor.ofFloats(
                        "x",
                        new long[] {3},
                        new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        Tensor expected = Tensor.ofDoubles("y", new long[] {1}, new double[] {Double.NaN});
        List<GoldenExample> examples =
                List.of(
                        new GoldenExample(
                                "nan", PredictRequest.of(input), List.of(expected), null));

        assertThat(GoldenJson.fromJsonText(GoldenJson.toJson(examples))).isEqualTo(examples);
    }

    @Test
    void readsBareNaNFromARegistrationBody() throws IOException {
        JsonNode body =
                Json.MAPPER.readTree(
                        "{\"golden\":[{\"request\":"
                                + REQUEST.replace("[1,2]}", "[NaN,2]}")
                                + ",\"expected\":"
                                + EXPECTED
                                + "}]}");

        List<GoldenExample> examples = GoldenJson.fromJson(body.get("golden"), "golden");

        assertThat(examples.getFirst().request().inputs().getFirst().floats()[0]).isNaN();
    }

    @Test
    void treatsAnAbsentOrNullFieldAsNoExamples() throws IOException {
        assertThat(GoldenJson.fromJson(null, "golden")).isEmpty();
        assertThat(GoldenJson.fromJson(Json.MAPPER.readTree("null"), "golden")).isEmpty();
        assertThat(GoldenJson.toJson(List.of())).isEqualTo("[]");
    }

    @Test
    void errorsNameTheExampleIndex() {
        String good = "{\"request\":" + REQUEST + ",\"expected\":" + EXPECTED + "}";

        assertInvalid(
                "[" + good + ",{\"expected\":" + EXPECTED + "}]", "golden[1]: has no 'request'");
        assertInvalid("[{\"request\":" + REQUEST + "}]", "golden[0]: has no 'expected.outputs'");
        assertInvalid(
                "[{\"request\":" + REQUEST + ",\"expected\":{\"outputs\":[]}}]",
                "golden[0]: has no 'expected.outputs'");
        assertInvalid("[" + good + "," + good + ",42]", "golden[2]: must be a JSON object");
        assertInvalid(
                "[{\"request\":"
                        + REQUEST.replace("[1,2]}", "[1,\"2\"]}")
                        + ",\"expected\":"
                        + EXPECTED
                        + "}]",
                "golden[0]: input 'x' element 1 must be a number for datatype FP32, got a string");
        assertInvalid(
                "[{\"request\":"
                        + REQUEST
                        + ",\"expected\":"
                        + EXPECTED.replace("[1]", "[2]")
                        + "}]",
                "golden[0]: expected output 'y' has shape [2], which needs 2 elements, but data has 1");
        assertInvalid(
                "[{\"request\":"
                        + REQUEST
                        + ",\"expected\":"
                        + EXPECTED
                        + ",\"tolerance\":{\"absolute\":-1}}]",
                "golden[0]: tolerance must be >= 0, got absolute -1.0 relative 1.0E-5");
        assertInvalid(
                "[{\"request\":"
                        + REQUEST
                        + ",\"expected\":"
                        + EXPECTED
                        + ",\"tolerance\":{\"relative\":\"x\"}}]",
                "golden[0]: tolerance.relative must be a number");
        assertInvalid("{}", "golden must be an array of golden examples");
    }

    private static void assertInvalid(String json, String message) {
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> read(json)).hasMessage(message);
    }

    private static List<GoldenExample> read(String json) {
        try {
            return GoldenJson.fromJson(Json.MAPPER.readTree(json), "golden");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
