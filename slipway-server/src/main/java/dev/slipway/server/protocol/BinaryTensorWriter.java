package dev.slipway.server.protocol;

import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a tensor's elements as binary tensor data (the layout {@link BinaryTensorReader} reads):
 * little-endian, row-major, bulk-copied through a view of the target buffer. Stateless.
 */
public final class BinaryTensorWriter {
    private BinaryTensorWriter() {}

    /** The tensor's size in bytes as binary data: its {@code binary_data_size}. */
    public static long size(Tensor tensor) {
        return switch (tensor.datatype()) {
            case BYTES -> {
                long size = 0;
                for (byte[] element : tensor.byteElements()) {
                    size += Integer.BYTES + element.length;
                }
                yield size;
            }
            default -> (long) tensor.elementCount() * tensor.datatype().byteSize();
        };
    }

    /**
     * Puts the tensor's {@link #size} bytes at the buffer's position and moves the position past
     * them. The buffer's own byte order does not matter.
     */
    public static void write(ByteBuffer target, Tensor tensor) {
        ByteBuffer view = target.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (tensor.datatype()) {
            case FP32 -> view.asFloatBuffer().put(tensor.floats());
            case FP64 -> view.asDoubleBuffer().put(tensor.doubles());
            case INT64, UINT64 -> view.asLongBuffer().put(tensor.longs());
            case INT32, UINT32 -> view.asIntBuffer().put(tensor.ints());
            case INT16, UINT16, FP16 -> view.asShortBuffer().put(tensor.shorts());
            case INT8, UINT8 -> view.put(tensor.bytes());
            case BOOL -> {
                for (boolean value : tensor.booleans()) {
                    view.put((byte) (value ? 1 : 0));
                }
            }
            case BYTES -> {
                for (byte[] element : tensor.byteElements()) {
                    view.putInt(element.length).put(element);
                }
            }
        }
        int written =
                tensor.datatype() == DataType.BYTES
                        ? view.position()
                        : tensor.elementCount() * tensor.datatype().byteSize();
        target.position(target.position() + written);
    }
}
