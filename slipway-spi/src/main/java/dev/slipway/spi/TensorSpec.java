package dev.slipway.spi;

import java.util.Arrays;
import java.util.Objects;

/** A named input or output of a model: datatype and shape, with -1 for a variable dimension. */
public record TensorSpec(String name, DataType datatype, long[] shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(shape, "shape");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        for (long dimension : shape) {
            if (dimension < -1) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "': dimension "
                                + dimension
                                + " is invalid (use -1 for a variable dimension)");
            }
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether a concrete shape fits this spec. */
    public boolean accepts(long[] concreteShape) {
        return Shapes.matches(shape, concreteShape);
    }

    /** Whether the first dimension is variable, so that rows can be batched. */
    public boolean hasBatchDimension() {
        return shape.length > 0 && shape[0] == -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec that
                && name.equals(that.name)
                && datatype == that.datatype
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datatype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ":" + datatype + Shapes.format(shape);
    }
}
