package dev.slipway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rejectsDataWhoseLengthDoesNotMatchTheShape() {
        assertThatThrownBy(() -> Tensor.ofFloats("x", new long[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 'x'")
                .hasMessageContaining("needs 6 elements, data has 5");
    }

    @Test
    void rejectsStorageOfTheWrongClass() {
        assertThatThrownBy(() -> Tensor.of("x", DataType.FP64, new long[] {1}, new float[1]))
                .hasMessageContaining("FP64 data must be a double[]");
    }

    @Test
    void readsUnsignedAndHalfPrecisionElementsAsDoubles() {
        Tensor bytes = Tensor.of("u", DataType.UINT8, new long[] {1}, new byte[] {(byte) 200});
        Tensor half =
                Tensor.of(
                        "h",
                        DataType.FP16,
                        new long[] {1},
                        new short[] {Float.floatToFloat16(1.5f)});
        Tensor unsignedLong = Tensor.of("l", DataType.UINT64, new long[] {1}, new long[] {-1L});

        assertThat(bytes.getAsDouble(0)).isEqualTo(200.0);
        assertThat(half.getAsDouble(0)).isEqualTo(1.5);
        assertThat(unsignedLong.getAsDouble(0)).isEqualTo(1.8446744073709552E19);
    }

    @Test
    void specAcceptsVariableDimensionsOnly() {
        TensorSpec spec = new TensorSpec("x", DataType.FP32, new long[] {-1, 3});

        assertThat(spec.accepts(new long[] {7, 3})).isTrue();
        assertThat(spec.accepts(new long[] {7, 4})).isFalse();
        assertThat(spec.accepts(new long[] {21})).isFalse();
        assertThat(spec.hasBatchDimension()).isTrue();
    }

    @Test
    void datatypeNamesAreCheckedWithTheAcceptedList() {
        assertThat(DataType.fromName("fp32")).isEqualTo(DataType.FP32);
        assertThatThrownBy(() -> DataType.fromName("FLOAT"))
                .hasMessageContaining("unknown datatype 'FLOAT'")
                .hasMessageContaining("FP32");
    }
}
