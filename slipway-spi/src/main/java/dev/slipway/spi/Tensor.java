package dev.slipway.spi;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor: datatype, concrete shape (batch dimension first) and a flat, row-major primitive
 * array of elements whose class is {@link DataType#storage()}.
 *
 * <p>Immutable by convention: the arrays are not copied (the hot path cannot afford it), so neither
 * the creator nor a reader may modify them after construction.
 */
public final class Tensor {
    private final String name;
    private final DataType datatype;
    private final long[] shape;
    private final Object data;

    private Tensor(String name, DataType datatype, long[] shape, Object data) {
        this.name = Objects.requireNonNull(name, "name");
        this.datatype = Objects.requireNonNull(datatype, "datatype");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.data = Objects.requireNonNull(data, "data");
        if (datatype.storage() != data.getClass()) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + name
                            + "': "
                            + datatype
                            + " data must be a "
                            + datatype.storage().getSimpleName()
                            + ", got "
                            + data.getClass().getSimpleName());
        }
        long expected = Shapes.elementCount(shape);
        int actual = Array.getLength(data);
        if (expected != actual) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + name
                            + "': shape "
                            + Shapes.format(shape)
                            + " needs "
                            + expected
                            + " elements, data has "
                            + actual);
        }
    }

    /**
     * Creates a tensor over {@code data}, a primitive array of the datatype's storage class whose
     * length equals the product of {@code shape}.
     *
     * @throws IllegalArgumentException when the data class or length does not fit
     */
    public static Tensor of(String name, DataType datatype, long[] shape, Object data) {
        return new Tensor(name, datatype, shape, data);
    }

    public static Tensor ofFloats(String name, long[] shape, float[] data) {
        return new Tensor(name, DataType.FP32, shape, data);
    }

    public static Tensor ofDoubles(String name, long[] shape, double[] data) {
        return new Tensor(name, DataType.FP64, shape, data);
    }

    public static Tensor ofLongs(String name, long[] shape, long[] data) {
        return new Tensor(name, DataType.INT64, shape, data);
    }

    public static Tensor ofInts(String name, long[] shape, int[] data) {
        return new Tensor(name, DataType.INT32, shape, data);
    }

    public static Tensor ofStrings(String name, long[] shape, String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Tensor(name, DataType.BYTES, shape, bytes);
    }

    public String name() {
        return name;
    }

    public DataType datatype() {
        return datatype;
    }

    /** The shape array itself; do not modify it. */
    public long[] shape() {
        return shape;
    }

    /** The storage array itself; do not modify it. */
    public Object data() {
        return data;
    }

    public int elementCount() {
        return Array.getLength(data);
    }

    /** Size of the first (batch) dimension, or 1 for a scalar. */
    public long batchSize() {
        return shape.length == 0 ? 1 : shape[0];
    }

    public Tensor withName(String newName) {
        return new Tensor(newName, datatype, shape, data);
    }

    public float[] floats() {
        return (float[]) data;
    }

    public double[] doubles() {
        return (double[]) data;
    }

    public int[] ints() {
        return (int[]) data;
    }

    public long[] longs() {
        return (long[]) data;
    }

    public short[] shorts() {
        return (short[]) data;
    }

    public byte[] bytes() {
        return (byte[]) data;
    }

    public boolean[] booleans() {
        return (boolean[]) data;
    }

    public byte[][] byteElements() {
        return (byte[][]) data;
    }

    /**
     * Element {@code index} as a double, honouring unsigned and half-precision types. Not for
     * {@link DataType#BYTES}; UINT64 values above 2^63 lose precision.
     */
    public double getAsDouble(int index) {
        return switch (datatype) {
            case BOOL -> booleans()[index] ? 1 : 0;
            case INT8 -> bytes()[index];
            case UINT8 -> Byte.toUnsignedInt(bytes()[index]);
            case INT16 -> shorts()[index];
            case UINT16 -> Short.toUnsignedInt(shorts()[index]);
            case INT32 -> ints()[index];
            case UINT32 -> Integer.toUnsignedLong(ints()[index]);
            case INT64 -> longs()[index];
            case UINT64 -> {
                long value = longs()[index];
                yield value >= 0 ? value : Double.parseDouble(Long.toUnsignedString(value));
            }
            case FP16 -> Float.float16ToFloat(shorts()[index]);
            case FP32 -> floats()[index];
            case FP64 -> doubles()[index];
            case BYTES ->
                    throw new UnsupportedOperationException(
                            "tensor '" + name + "' holds BYTES, not numbers");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && name.equals(that.name)
                && datatype == that.datatype
                && Arrays.equals(shape, that.shape)
                && Arrays.deepEquals(new Object[] {data}, new Object[] {that.data});
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datatype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + datatype + " " + Shapes.format(shape) + "]";
    }
}
