package dev.slipway.server.protocol;

import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SageMaker-style rows: CSV and {"instances"} in, {"predictions"} and CSV out. */
class RowsCodecTest {
    /** One input of three features per row. */
    private static final Signature MATRIX = signature(spec("x", DataType.FP32, -1, 3));

    /** Three inputs of one column each, in signature order. */
    private static final Signature COLUMNS =
            signature(
                    spec("a", DataType.FP32, -1),
                    spec("b", DataType.INT64, -1, 1),
                    spec("c", DataType.FP64, -1));

    private static final Tensor TWO_ROWS =
            Tensor.ofFloats("x", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void readsCsvRowsIntoOneMatrix() {
        assertThat(csv("1,2,3\n4,5,6\n", MATRIX)).containsExactly(TWO_ROWS);
        assertThat(csv("1,2,3\n4,5,6", MATRIX)).containsExactly(TWO_ROWS);
        assertThat(csv(" 1 , 2 ,3\r\n4,5,6\r\n", MATRIX)).containsExactly(TWO_ROWS);
    }

    @Test
    void readsEveryNumberAsDoubleParseDoubleDoes() {
        String[] cells = {"13.819999694824219", "-1.5e-3", "NaN"};
        Tensor row = csv(String.join(",", cells), MATRIX).get(0);
        for (int i = 0; i < cells.length; i++) {
            assertThat(Float.compare(row.floats()[i], (float) Double.parseDouble(cells[i])))
                    .isZero();
        }
    }

    @Test
    void skipsBlankCsvLines() {
        assertThat(csv("\n1,2,3\n\n   \n4,5,6\n\n", MATRIX)).containsExactly(TWO_ROWS);
    }

    @Test
    void readsAnEmptyCsvCellAsAMissingValue() {
        float[] values = csv("1,,3\n,5, ", MATRIX).getFirst().floats();

        assertThat(values).containsExactly(1, Float.NaN, 3, Float.NaN, 5, Float.NaN);
    }

    @Test
    void namesTheLineAndTheExpectedColumnsOfAShortRow() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,2,3\n\n4,5\n", MATRIX))
                .hasMessage("CSV line 3 has 2 values, the model expects 3 (x:FP32[-1, 3])");
    }

    @Test
    void namesTheLineAndColumnOfACellThatIsNotANumber() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,2,3\r\n\r\n4,abc,6\r\n", MATRIX))
                .hasMessage("CSV line 3, column 2: 'abc' is not a number");
    }

    @Test
    void refusesACsvBodyWithoutRows() {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("\n \r\n", MATRIX))
                .hasMessage("CSV body has no rows");
    }

    @Test
    void splitsColumnsAcrossSeveralInputsInSignatureOrder() {
        List<Tensor> inputs = csv("1.5,2,3.25\n4.5,5,6.25\n", COLUMNS);

        assertThat(inputs)
                .containsExactly(
                        Tensor.ofFloats("a", new long[] {2}, new float[] {1.5f, 4.5f}),
                        Tensor.ofLongs("b", new long[] {2, 1}, new long[] {2, 5}),
                        Tensor.ofDoubles("c", new long[] {2}, new double[] {3.25, 6.25}));
    }

    @Test
    void refusesAFractionOrAnOutOfRangeValueForAnIntegerColumn() {
        Signature small = signature(spec("a", DataType.INT8, -1), spec("b", DataType.UINT8, -1));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,2.5,3", COLUMNS))
                .hasMessage("input 'b' takes integers, got 2.5");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("300,1", small))
                .hasMessage("input 'a' takes INT8, got 300.0, which is out of range");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,-1", small))
                .hasMessage("input 'b' takes UINT8, got -1.0, which is out of range");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,Infinity,3", COLUMNS))
                .hasMessage("input 'b' takes INT64, got Infinity, which is out of range");
        assertThat(csv("-128,255", small))
                .containsExactly(
                        Tensor.of("a", DataType.INT8, new long[] {1}, new byte[] {-128}),
                        Tensor.of("b", DataType.UINT8, new long[] {1}, new byte[] {-1}));
    }

    @Test
    void refusesSignaturesThatCannotBeFedAsRows() {
        Signature wide = signature(spec("a", DataType.FP32, -1, 2), spec("b", DataType.FP32, -1));
        Signature text = signature(spec("t", DataType.BYTES, -1));

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1,2,3", wide))
                .hasMessage(
                        "this model's inputs (a:FP32[-1, 2], b:FP32[-1]) cannot be fed as rows;"
                                + " use an OIP v2 request instead");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> csv("1", text))
                .hasMessageContaining("cannot be fed as rows");
    }

    @Test
    void readsInstancesLikeCsv() {
        assertThat(instances("{\"instances\":[[1,2,3],[4,5,6]],\"extra\":{\"a\":[1]}}", MATRIX))
                .containsExactly(TWO_ROWS);
        assertThat(instances("{\"instances\":[[1.5,2,3.25]]}", COLUMNS))
                .containsExactly(
                        Tensor.ofFloats("a", new long[] {1}, new float[] {1.5f}),
                        Tensor.ofLongs("b", new long[] {1, 1}, new long[] {2}),
                        Tensor.ofDoubles("c", new long[] {1}, new double[] {3.25}));
    }

    @Test
    void readsNullAndNaNInstancesAsMissingValues() {
        float[] values = instances("{\"instances\":[[null,NaN,3]]}", MATRIX).getFirst().floats();

        assertThat(values).containsExactly(Float.NaN, Float.NaN, 3);
    }

    @Test
    void namesTheRowAndCellOfBadInstances() {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> instances("{\"instances\":[[1,2,3],[4,5]]}", MATRIX))
                .hasMessage("instances[1] has 2 values, the model expects 3 (x:FP32[-1, 3])");
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> instances("{\"instances\":[[1,\"2\",3]]}", MATRIX))
                .hasMessage("instances[0][1] must be a number");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> instances("{\"instances\":[1,2,3]}", MATRIX))
                .hasMessage("instances[0] must be an array of numbers");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> instances("{\"instances\":[]}", MATRIX))
                .hasMessage("'instances' must be a non-empty array of rows");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> instances("{\"rows\":[[1,2,3]]}", MATRIX))
                .hasMessage("'instances' must be a non-empty array of rows");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> instances("[[1,2,3]]", MATRIX))
                .hasMessage("request body must be a JSON object");
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> instances("{\"instances\":[[1,2,", MATRIX))
                .hasMessageStartingWith("malformed JSON at line 1, column ");
    }

    @Test
    void writesOneScalarPerRowForASingleRankOneOutput() {
        PredictResult result =
                PredictResult.of(Tensor.ofFloats("p", new long[] {2}, new float[] {0.5f, 0.25f}));

        assertThat(predictionsJson(result)).isEqualTo("{\"predictions\":[0.5,0.25]}");
        assertThat(predictionsCsv(result)).isEqualTo("0.5\n0.25\n");
    }

    @Test
    void writesAListPerRowForASingleMatrixOutput() {
        PredictResult result =
                PredictResult.of(
                        Tensor.ofFloats(
                                "p", new long[] {2, 2}, new float[] {0.125f, 0.875f, 1, 0}));

        assertThat(predictionsJson(result))
                .isEqualTo("{\"predictions\":[[0.125,0.875],[1.0,0.0]]}");
        assertThat(predictionsCsv(result)).isEqualTo("0.125,0.875\n1.0,0.0\n");
    }

    @Test
    void writesAnObjectPerRowForSeveralOutputs() {
        PredictResult result =
                PredictResult.of(
                        Tensor.ofLongs("label", new long[] {2}, new long[] {1, 0}),
                        Tensor.ofFloats(
                                "probabilities",
                                new long[] {2, 2},
                                new float[] {0.25f, 0.75f, 0.5f, 0.5f}),
                        Tensor.ofStrings("name", new long[] {2}, "yes", "no"),
                        Tensor.of(
                                "flag", DataType.BOOL, new long[] {2}, new boolean[] {true, false}),
                        Tensor.ofDoubles("score", new long[] {2}, new double[] {0.1, 2}));

        assertThat(predictionsJson(result))
                .isEqualTo(
                        "{\"predictions\":["
                                + "{\"label\":1,\"probabilities\":[0.25,0.75],\"name\":\"yes\",\"flag\":true,\"score\":0.1},"
                                + "{\"label\":0,\"probabilities\":[0.5,0.5],\"name\":\"no\",\"flag\":false,\"score\":2.0}]}");
        assertThat(predictionsCsv(result))
                .isEqualTo("1,0.25,0.75,yes,true,0.1\n0,0.5,0.5,no,false,2.0\n");
    }

    private static List<Tensor> csv(String body, Signature signature) {
        return RowsCodec.fromCsv(body.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static List<Tensor> instances(String body, Signature signature) {
        return RowsCodec.fromInstances(body.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static String predictionsJson(PredictResult result) {
        return new String(RowsCodec.predictionsJson(result), StandardCharsets.UTF_8);
    }

    private static String predictionsCsv(PredictResult result) {
        return new String(RowsCodec.predictionsCsv(result), StandardCharsets.UTF_8);
    }

    private static TensorSpec spec(String name, DataType type, long... shape) {
        return new TensorSpec(name, type, shape);
    }

    private static Signature signature(TensorSpec... inputs) {
        return new Signature(List.of(inputs), List.of(spec("y", DataType.FP32, -1)));
    }
}
