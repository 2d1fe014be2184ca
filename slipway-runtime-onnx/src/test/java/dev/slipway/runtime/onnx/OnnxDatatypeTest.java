package dev.slipway.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spi.DataType;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every OIP datatype through the Identity models of make_test_models.py. */
class OnnxDatatypeTest {
    private static final long[] SHAPE = {3, 2};

    private final OnnxRuntime runtime = new OnnxRuntime();

    static Stream<Tensor> roundTrips() {
        return Stream.of(
                Tensor.of(
                        "x",
                        DataType.BOOL,
                        SHAPE,
                        new boolean[] {true, false, false, true, true, true}),
                Tensor.of("x", DataType.INT8, SHAPE, new byte[] {-128, -1, 0, 1, 42, 127}),
                Tensor.of(
                        "x",
                        DataType.UINT8,
                        SHAPE,
                        new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255}),
                Tensor.of(
                        "x",
                        DataType.INT16,
                        SHAPE,
                        new short[] {Short.MIN_VALUE, -1, 0, 1, 300, Short.MAX_VALUE}),
                Tensor.of(
                        "x",
                        DataType.INT32,
                        SHAPE,
                        new int[] {Integer.MIN_VALUE, -1, 0, 1, 70000, Integer.MAX_VALUE}),
                Tensor.of(
                        "x",
                        DataType.INT64,
                        SHAPE,
                        new long[] {Long.MIN_VALUE, -1, 0, 1, 1L << 40, Long.MAX_VALUE}),
                Tensor.of("x", DataType.FP16, SHAPE, halves(-2.5f, -0f, 0f, 1f, 65504f, Float.NaN)),
                Tensor.of(
                        "x",
                        DataType.FP32,
                        SHAPE,
                        new float[] {-1e30f, -0.5f, 0f, Float.MIN_VALUE, 3.25f, Float.NaN}),
                Tensor.of(
                        "x",
                        DataType.FP64,
                        SHAPE,
                        new double[] {-1e300, -0.5, 0, Double.MIN_VALUE, Math.PI, Double.NaN}),
                Tensor.ofStrings("x", SHAPE, "", "a", "grüße", "日本語", "emoji 🚢", "comma,quote\""));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void identityModelReturnsTheInputUnchanged(Tensor input) throws Exception {
        try (Predictor predictor = load(input.datatype())) {
            assertThat(predictor.signature())
                    .isEqualTo(
                            new Signature(
                                    List.of(
                                            new TensorSpec(
                                                    "x", input.datatype(), new long[] {-1, 2})),
                                    List.of(
                                            new TensorSpec(
                                                    "y", input.datatype(), new long[] {-1, 2}))));

            PredictResult result = predictor.predict(PredictRequest.of(input));

            assertThat(result.outputs()).containsExactly(input.withName("y"));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"UINT16", "UINT32", "UINT64"})
    void wideUnsignedInputsAreReadButCannotBePassedFromJava(DataType datatype) throws Exception {
        Object zeros = Array.newInstance(datatype.storage().getComponentType(), 6);
        try (Predictor predictor = load(datatype)) {
            assertThat(predictor.signature().inputs().get(0).datatype()).isEqualTo(datatype);

            assertThatThrownBy(
                            () ->
                                    predictor.predict(
                                            PredictRequest.of(
                                                    Tensor.of("x", datatype, SHAPE, zeros))))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("input 'x' is " + datatype);
        }
    }

    @Test
    void wideUnsignedOutputsKeepTheirBits() throws Exception {
        try (Predictor predictor =
                runtime.load(
                        TestModels.artifact("cast_to_unsigned.onnx"), LoadOptions.defaults())) {
            PredictResult result =
                    predictor.predict(
                            PredictRequest.of(
                                    Tensor.ofInts(
                                            "small", new long[] {3}, new int[] {-1, 0, 65535}),
                                    Tensor.ofLongs(
                                            "large",
                                            new long[] {3},
                                            new long[] {-1, 0, 1L << 40})));

            Tensor uint16 = result.output("as_uint16").orElseThrow();
            Tensor uint32 = result.output("as_uint32").orElseThrow();
            Tensor uint64 = result.output("as_uint64").orElseThrow();
            assertThat(uint16.datatype()).isEqualTo(DataType.UINT16);
            assertThat(uint16.getAsDouble(0)).isEqualTo(65535);
            assertThat(uint16.getAsDouble(2)).isEqualTo(65535);
            assertThat(uint32.datatype()).isEqualTo(DataType.UINT32);
            assertThat(uint32.getAsDouble(0)).isEqualTo(4294967295.0);
            assertThat(uint64.datatype()).isEqualTo(DataType.UINT64);
            assertThat(uint64.longs()).containsExactly(-1L, 0L, 1L << 40);
            assertThat(uint64.getAsDouble(0)).isEqualTo(18446744073709551615.0);
        }
    }

    @Test
    void rejectsBytesThatAreNotUtf8AsInvalidInput() throws Exception {
        byte[][] elements = {"ok".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, (byte) 0x28}};
        try (Predictor predictor = load(DataType.BYTES)) {
            assertThatThrownBy(
                            () ->
                                    predictor.predict(
                                            PredictRequest.of(
                                                    Tensor.of(
                                                            "x",
                                                            DataType.BYTES,
                                                            new long[] {1, 2},
                                                            elements))))
                    .isInstanceOfSatisfying(
                            PredictionException.class, e -> assertThat(e.isInvalidInput()).isTrue())
                    .hasMessageContaining("input 'x' element 1 is not valid UTF-8");
        }
    }

    @Test
    void anEmptyBatchGivesAnEmptyResult() throws Exception {
        try (Predictor predictor = load(DataType.FP32)) {
            PredictResult result =
                    predictor.predict(
                            PredictRequest.of(
                                    Tensor.ofFloats("x", new long[] {0, 2}, new float[0])));

            assertThat(result.outputs())
                    .containsExactly(Tensor.ofFloats("y", new long[] {0, 2}, new float[0]));
        }
    }

    private Predictor load(DataType datatype) throws Exception {
        String suffix =
                datatype == DataType.BYTES ? "string" : datatype.name().toLowerCase(Locale.ROOT);
        return runtime.load(
                TestModels.artifact("identity_" + suffix + ".onnx"), LoadOptions.defaults());
    }

    private static short[] halves(float... values) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToFloat16(values[i]);
        }
        return bits;
    }
}
