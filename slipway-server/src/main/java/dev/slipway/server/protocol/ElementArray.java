package dev.slipway.server.protocol;

import dev.slipway.spi.DataType;
import java.lang.reflect.Array;

/**
 * A tensor's elements as they are read one by one, in a growing primitive array of the datatype's
 * storage: what both JSON readers of {@code data} fill ({@link TensorElements} from Jackson's
 * tokens, {@link PlainRequestReader} from the bytes). The readers check each element; this only
 * stores it. Not thread-safe.
 */
final class ElementArray {
    private final DataType type;
    private Object array;
    private int size;

    ElementArray(DataType type, int capacity) {
        this.type = type;
        this.array = Array.newInstance(type.storage().getComponentType(), capacity);
    }

    /** The smallest value of an integer datatype other than UINT64, which has no long range. */
    static long minimum(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case UINT8, UINT16, UINT32 -> 0;
            default -> throw new IllegalArgumentException(type + " has no long range");
        };
    }

    /** The largest value of an integer datatype other than UINT64. */
    static long maximum(DataType type) {
        return switch (type) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65_535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4_294_967_295L;
            case INT64 -> Long.MAX_VALUE;
            default -> throw new IllegalArgumentException(type + " has no long range");
        };
    }

    DataType type() {
        return type;
    }

    int size() {
        return size;
    }

    void add(float value) {
        ((float[]) room())[size++] = value;
    }

    void add(double value) {
        ((double[]) room())[size++] = value;
    }

    void add(boolean value) {
        ((boolean[]) room())[size++] = value;
    }

    void add(byte[] value) {
        ((byte[][]) room())[size++] = value;
    }

    /** An FP16 element, as its bits. */
    void addHalf(short bits) {
        ((short[]) room())[size++] = bits;
    }

    /** An element of an integer datatype, already checked to be in its range. */
    void addInteger(long value) {
        Object storage = room();
        switch (type) {
            case INT8, UINT8 -> ((byte[]) storage)[size] = (byte) value;
            case INT16, UINT16 -> ((short[]) storage)[size] = (short) value;
            case INT32, UINT32 -> ((int[]) storage)[size] = (int) value;
            case INT64, UINT64 -> ((long[]) storage)[size] = value;
            default -> throw new IllegalStateException(type + " is not an integer datatype");
        }
        size++;
    }

    /** The elements in an array of exactly their number. */
    Object toArray() {
        if (size == Array.getLength(array)) {
            return array;
        }
        Object exact = Array.newInstance(type.storage().getComponentType(), size);
        System.arraycopy(array, 0, exact, 0, size);
        return exact;
    }

    /** The array, with room for one more element at {@link #size}. */
    private Object room() {
        if (size == Array.getLength(array)) {
            Object bigger =
                    Array.newInstance(type.storage().getComponentType(), Math.max(16, size * 2));
            System.arraycopy(array, 0, bigger, 0, size);
            array = bigger;
        }
        return array;
    }
}
