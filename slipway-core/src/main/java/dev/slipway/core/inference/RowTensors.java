package dev.slipway.core.inference;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabular rows as a model's input tensors. A row's columns follow the signature: one input {@code
 * [-1, F]} takes F columns, or several inputs {@code [-1]}/{@code [-1, 1]} take one column each, in
 * signature order. Used by the SageMaker-style CSV route and by batch jobs. Stateless.
 */
public final class RowTensors {
    private RowTensors() {}

    /**
     * How many values one row has.
     *
     * @throws SlipwayException INVALID_INPUT when the model's inputs cannot be fed as rows
     */
    public static int columns(Signature signature) {
        List<TensorSpec> inputs = signature.inputs();
        if (singleMatrix(signature)) {
            return (int) inputs.getFirst().shape()[1];
        }
        for (TensorSpec input : inputs) {
            long[] shape = input.shape();
            boolean column = (shape.length == 1) || (shape.length == 2 && shape[1] == 1);
            if (!column || !numeric(input.datatype())) {
                throw SlipwayException.invalidInput(
                        "this model's inputs ("
                                + describeColumns(signature)
                                + ") cannot be fed as rows;"
                                + " use an OIP v2 request instead");
            }
        }
        return inputs.size();
    }

    /**
     * The name of each column when the signature names them (one input per column), or an empty
     * list when a single {@code [-1, F]} input takes all of them by position.
     */
    public static List<String> columnNames(Signature signature) {
        columns(signature);
        if (singleMatrix(signature)) {
            return List.of();
        }
        return signature.inputs().stream().map(TensorSpec::name).toList();
    }

    public static String describeColumns(Signature signature) {
        return String.join(", ", signature.inputs().stream().map(TensorSpec::toString).toList());
    }

    /**
     * The input tensors of {@code rows} rows whose values are {@code values}, row-major ({@code
     * columns(signature)} per row), converted to each input's datatype.
     *
     * @throws SlipwayException INVALID_INPUT when a value does not fit its input's type
     */
    public static List<Tensor> toTensors(Signature signature, double[] values, int rows) {
        int columns = columns(signature);
        List<TensorSpec> inputs = signature.inputs();
        if (singleMatrix(signature)) {
            TensorSpec spec = inputs.getFirst();
            return List.of(
                    Tensor.of(
                            spec.name(),
                            spec.datatype(),
                            new long[] {rows, columns},
                            convert(spec, values, 0, columns, rows)));
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int c = 0; c < inputs.size(); c++) {
            TensorSpec spec = inputs.get(c);
            long[] shape = spec.shape().length == 1 ? new long[] {rows} : new long[] {rows, 1};
            tensors.add(
                    Tensor.of(
                            spec.name(),
                            spec.datatype(),
                            shape,
                            convert(spec, values, c, columns, rows)));
        }
        return tensors;
    }

    private static boolean singleMatrix(Signature signature) {
        List<TensorSpec> inputs = signature.inputs();
        return inputs.size() == 1
                && inputs.getFirst().shape().length == 2
                && inputs.getFirst().shape()[1] > 0;
    }

    private static boolean numeric(DataType type) {
        return type != DataType.BYTES && type != DataType.BOOL;
    }

    /** Takes {@code width} columns starting at {@code first} of every row, as the spec's type. */
    private static Object convert(
            TensorSpec spec, double[] values, int first, int stride, int rows) {
        int width = spec.shape().length == 2 && spec.shape()[1] == stride ? stride : 1;
        int count = rows * width;
        DataType type = spec.datatype();
        if (!numeric(type)) {
            throw SlipwayException.invalidInput(
                    "input '" + spec.name() + "' has datatype " + type + ", rows must be numeric");
        }
        Object data = Array.newInstance(type.storage().getComponentType(), count);
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < width; w++) {
                double value = values[r * stride + first + w];
                int index = r * width + w;
                switch (type) {
                    case FP32 -> ((float[]) data)[index] = (float) value;
                    case FP64 -> ((double[]) data)[index] = value;
                    case FP16 -> ((short[]) data)[index] = Float.floatToFloat16((float) value);
                    case INT8, UINT8 -> ((byte[]) data)[index] = (byte) integral(spec, value);
                    case INT16, UINT16 -> ((short[]) data)[index] = (short) integral(spec, value);
                    case INT32, UINT32 -> ((int[]) data)[index] = (int) integral(spec, value);
                    case INT64, UINT64 -> ((long[]) data)[index] = integral(spec, value);
                    case BOOL, BYTES -> throw new IllegalStateException("checked above");
                }
            }
        }
        return data;
    }

    /** The value as the spec's integer type, refusing what a cast would silently wrap. */
    private static long integral(TensorSpec spec, double value) {
        if (value != Math.rint(value)) {
            throw SlipwayException.invalidInput(
                    "input '" + spec.name() + "' takes integers, got " + value);
        }
        DataType type = spec.datatype();
        int bits = type.byteSize() * 8;
        double limit = Math.scalb(1.0, type.isUnsigned() ? bits : bits - 1);
        double lowest = type.isUnsigned() ? 0 : -limit;
        if (value < lowest || value >= limit) {
            throw SlipwayException.invalidInput(
                    "input '"
                            + spec.name()
                            + "' takes "
                            + type
                            + ", got "
                            + value
                            + ", which is out of range");
        }
        // UINT64 above 2^63 keeps its bits, as the OIP reader stores it.
        return value >= 0x1p63
                ? new java.math.BigDecimal(value).toBigInteger().longValue()
                : (long) value;
    }
}
