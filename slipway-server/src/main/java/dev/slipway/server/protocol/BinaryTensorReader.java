package dev.slipway.server.protocol;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads tensors from the binary section of a body (binary tensor data extension): the bytes after
 * the JSON, which the inputs with a {@code binary_data_size} take in the order they appear.
 * Elements are little-endian and row-major in their datatype's size (BOOL one byte, 0 or 1; FP16
 * two bytes of IEEE half-precision bits); a BYTES element is a 4-byte little-endian unsigned length
 * and that many bytes. Fixed-size elements are copied in bulk through a little-endian view of the
 * body, never one boxed value at a time.
 *
 * <p>Not thread-safe: one reader per body.
 */
final class BinaryTensorReader {
    private final ByteBuffer section;

    /** The section is {@code body} from {@code start} to its end; it is read in place. */
    BinaryTensorReader(byte[] body, int start) {
        this.section =
                ByteBuffer.wrap(body, start, body.length - start).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Takes the next {@code size} bytes as {@code count} elements of {@code type}.
     *
     * @param label "input 'x'", for messages
     * @return a primitive array of the type's storage class with {@code count} elements
     */
    Object read(String label, DataType type, long[] shape, int count, long size) {
        if (type != DataType.BYTES && size != (long) count * type.byteSize()) {
            throw SlipwayException.invalidInput(
                    label
                            + " has binary_data_size "
                            + size
                            + ", but shape "
                            + Shapes.format(shape)
                            + " of "
                            + type
                            + " needs "
                            + (long) count * type.byteSize()
                            + " bytes ("
                            + count
                            + " elements of "
                            + type.byteSize()
                            + ")");
        }
        if (size > section.remaining()) {
            throw SlipwayException.invalidInput(
                    label
                            + " has binary_data_size "
                            + size
                            + ", but only "
                            + section.remaining()
                            + " bytes of binary data are left in the body");
        }
        int length = (int) size;
        int start = section.position();
        Object data =
                type == DataType.BYTES ? strings(label, count, length) : fixed(label, type, count);
        section.position(start + length);
        return data;
    }

    /**
     * @throws SlipwayException INVALID_INPUT when the inputs did not take the whole section
     */
    void finish() {
        if (section.hasRemaining()) {
            throw SlipwayException.invalidInput(
                    "the body has "
                            + section.remaining()
                            + " bytes of binary data left over after the last binary input (the"
                            + " binary_data_size values add up to less than the body after "
                            + BinaryTensorData.HEADER
                            + ")");
        }
    }

    /** Bulk copies; a view's position starts at the section's current position. */
    private Object fixed(String label, DataType type, int count) {
        ByteBuffer view = section.slice().order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case FP32 -> {
                float[] values = new float[count];
                view.asFloatBuffer().get(values);
                yield values;
            }
            case FP64 -> {
                double[] values = new double[count];
                view.asDoubleBuffer().get(values);
                yield values;
            }
            case INT64, UINT64 -> {
                long[] values = new long[count];
                view.asLongBuffer().get(values);
                yield values;
            }
            case INT32, UINT32 -> {
                int[] values = new int[count];
                view.asIntBuffer().get(values);
                yield values;
            }
            case INT16, UINT16, FP16 -> {
                short[] values = new short[count];
                view.asShortBuffer().get(values);
                yield values;
            }
            case INT8, UINT8 -> {
                byte[] values = new byte[count];
                view.get(values);
                yield values;
            }
            case BOOL -> booleans(label, view, count);
            case BYTES -> throw new IllegalArgumentException("BYTES elements have no fixed size");
        };
    }

    private boolean[] booleans(String label, ByteBuffer view, int count) {
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
            byte value = view.get(i);
            if (value != 0 && value != 1) {
                throw SlipwayException.invalidInput(
                        label
                                + " BOOL element "
                                + i
                                + " is "
                                + Byte.toUnsignedInt(value)
                                + "; a binary BOOL is one byte, 0 or 1");
            }
            values[i] = value == 1;
        }
        return values;
    }

    private byte[][] strings(String label, int count, int size) {
        if ((long) count * Integer.BYTES > size) {
            // Checked before allocating: a large shape must not cost memory it has no bytes for.
            throw SlipwayException.invalidInput(
                    label
                            + " has binary_data_size "
                            + size
                            + ", but its "
                            + count
                            + " BYTES elements need at least "
                            + (long) count * Integer.BYTES
                            + " bytes for their 4-byte lengths");
        }
        ByteBuffer elements =
                section.slice(section.position(), size).order(ByteOrder.LITTLE_ENDIAN);
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (elements.remaining() < Integer.BYTES) {
                throw SlipwayException.invalidInput(
                        label
                                + " BYTES element "
                                + i
                                + " has no room for its 4-byte length: "
                                + elements.remaining()
                                + " bytes of binary_data_size "
                                + size
                                + " are left");
            }
            long length = Integer.toUnsignedLong(elements.getInt());
            if (length > elements.remaining()) {
                throw SlipwayException.invalidInput(
                        label
                                + " BYTES element "
                                + i
                                + " has length "
                                + length
                                + ", which runs past its binary_data_size "
                                + size
                                + " ("
                                + elements.remaining()
                                + " bytes are left)");
            }
            values[i] = new byte[(int) length];
            elements.get(values[i]);
        }
        if (elements.hasRemaining()) {
            throw SlipwayException.invalidInput(
                    label
                            + " has binary_data_size "
                            + size
                            + ", but its "
                            + count
                            + " BYTES elements take "
                            + (size - elements.remaining())
                            + " bytes");
        }
        return values;
    }
}
