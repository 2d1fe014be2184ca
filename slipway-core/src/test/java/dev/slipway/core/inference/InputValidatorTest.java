package dev.slipway.core.inference;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
    private static final Signature SIGNATURE =
            new Signature(
                    List.of(
                            new TensorSpec("features", DataType.FP32, new long[] {-1, 3}),
                            new TensorSpec("country", DataType.INT64, new long[] {-1})),
                    List.of(
                            new TensorSpec("score", DataType.FP32, new long[] {-1}),
                            new TensorSpec("label", DataType.INT64, new long[] {-1})));

    private static final Tensor FEATURES =
            Tensor.ofFloats("features", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    private static final Tensor COUNTRY = Tensor.ofLongs("country", new long[] {2}, new long[2]);

    @Test
    void acceptsARequestThatMatchesTheSignature() {
        assertThatCode(() -> check(PredictRequest.of(COUNTRY, FEATURES), false))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsAnySizeWhereTheSignatureHasMinusOne() {
        Tensor oneRow = Tensor.ofFloats("features", new long[] {1, 3}, new float[3]);
        Tensor oneCountry = Tensor.ofLongs("country", new long[] {1}, new long[1]);

        assertThatCode(() -> check(PredictRequest.of(oneRow, oneCountry), false))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsAnUnknownInputListingTheModelInputs() {
        Tensor unknown = Tensor.ofFloats("age", new long[] {1}, new float[1]);

        assertInvalid(
                PredictRequest.of(FEATURES, COUNTRY, unknown),
                "unknown input 'age' (model inputs: features, country)");
    }

    @Test
    void rejectsAMissingInputNamingItsSpec() {
        assertInvalid(PredictRequest.of(FEATURES), "missing input 'country' (country:INT64[-1])");
    }

    @Test
    void rejectsAnInputGivenTwice() {
        assertInvalid(
                PredictRequest.of(FEATURES, COUNTRY, FEATURES), "input 'features' is given twice");
    }

    @Test
    void rejectsAnInputGivenTwiceAmongMany() {
        List<TensorSpec> specs = new java.util.ArrayList<>();
        List<Tensor> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            specs.add(new TensorSpec("x" + i, DataType.FP32, new long[] {-1}));
            inputs.add(Tensor.ofFloats("x" + i, new long[] {1}, new float[1]));
        }
        Signature wide = new Signature(specs, SIGNATURE.outputs());
        inputs.add(Tensor.ofFloats("x3", new long[] {1}, new float[1]));

        assertThatCode(
                        () ->
                                InputValidator.check(
                                        wide,
                                        PredictRequest.of(
                                                inputs.subList(0, 12).toArray(Tensor[]::new)),
                                        false))
                .doesNotThrowAnyException();
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () ->
                                InputValidator.check(
                                        wide,
                                        PredictRequest.of(inputs.toArray(Tensor[]::new)),
                                        false))
                .hasMessage("input 'x3' is given twice");
    }

    @Test
    void rejectsTheWrongDatatype() {
        Tensor doubles = Tensor.ofDoubles("features", new long[] {2, 3}, new double[6]);

        assertInvalid(
                PredictRequest.of(doubles, COUNTRY),
                "input 'features' has datatype FP64, the model expects FP32");
    }

    @Test
    void rejectsAFixedDimensionOfTheWrongSize() {
        Tensor fourColumns = Tensor.ofFloats("features", new long[] {2, 4}, new float[8]);

        assertInvalid(
                PredictRequest.of(fourColumns, COUNTRY),
                "input 'features' has shape [2, 4], the model expects [-1, 3] (-1 = any size)");
    }

    @Test
    void rejectsTheWrongRank() {
        Tensor flat = Tensor.ofFloats("features", new long[] {6}, new float[6]);

        assertInvalid(
                PredictRequest.of(flat, COUNTRY),
                "input 'features' has shape [6], the model expects [-1, 3] (-1 = any size)");
    }

    @Test
    void rejectsNaNNamingTheElementWhenTheModelDoesNotAcceptIt() {
        Tensor withNaN =
                Tensor.ofFloats("features", new long[] {1, 3}, new float[] {1, Float.NaN, 3});
        Tensor oneCountry = Tensor.ofLongs("country", new long[] {1}, new long[1]);

        assertInvalid(
                PredictRequest.of(withNaN, oneCountry),
                "input 'features' element 1 is NaN, which this model does not accept");
    }

    @Test
    void acceptsNaNWhenTheModelReadsItAsMissing() {
        Tensor withNaN =
                Tensor.ofFloats("features", new long[] {1, 3}, new float[] {1, Float.NaN, 3});
        Tensor oneCountry = Tensor.ofLongs("country", new long[] {1}, new long[1]);

        assertThatCode(() -> check(PredictRequest.of(withNaN, oneCountry), true))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsHalfPrecisionNaN() {
        Signature halfSignature =
                new Signature(
                        List.of(new TensorSpec("x", DataType.FP16, new long[] {1})),
                        List.of(new TensorSpec("y", DataType.FP16, new long[] {1})));
        Tensor half =
                Tensor.of(
                        "x",
                        DataType.FP16,
                        new long[] {1},
                        new short[] {Float.floatToFloat16(Float.NaN)});

        assertThatThrownBy(
                        () -> InputValidator.check(halfSignature, PredictRequest.of(half), false))
                .hasMessage("input 'x' element 0 is NaN, which this model does not accept");
    }

    @Test
    void rejectsAnUnknownRequestedOutputListingTheModelOutputs() {
        var request =
                new PredictRequest(List.of(FEATURES, COUNTRY), Set.of("probability"), Map.of());

        assertInvalid(
                request, "unknown output 'probability' requested (model outputs: score, label)");
    }

    @Test
    void acceptsAKnownRequestedOutput() {
        var request = new PredictRequest(List.of(FEATURES, COUNTRY), Set.of("label"), Map.of());

        assertThatCode(() -> check(request, false)).doesNotThrowAnyException();
    }

    private static void check(PredictRequest request, boolean nanAllowed) {
        InputValidator.check(SIGNATURE, request, nanAllowed);
    }

    private static void assertInvalid(PredictRequest request, String message) {
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> check(request, false)).hasMessage(message);
    }
}
