package dev.slipway.spi;

import java.util.Locale;

/**
 * Tensor element types, named as in the Open Inference Protocol v2. Each type has one Java storage
 * array class: unsigned types share the storage of their signed twin and are reinterpreted, FP16 is
 * stored as raw IEEE 754 half-precision bits.
 */
public enum DataType {
    BOOL(boolean[].class, 1),
    UINT8(byte[].class, 1),
    UINT16(short[].class, 2),
    UINT32(int[].class, 4),
    UINT64(long[].class, 8),
    INT8(byte[].class, 1),
    INT16(short[].class, 2),
    INT32(int[].class, 4),
    INT64(long[].class, 8),
    FP16(short[].class, 2),
    FP32(float[].class, 4),
    FP64(double[].class, 8),
    BYTES(byte[][].class, -1);

    private static final DataType[] VALUES = values();

    private final Class<?> storage;
    private final int byteSize;

    DataType(Class<?> storage, int byteSize) {
        this.storage = storage;
        this.byteSize = byteSize;
    }

    /** The primitive array class holding this type's elements. */
    public Class<?> storage() {
        return storage;
    }

    /** Size of one element in bytes, or -1 for variable-length {@link #BYTES}. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    public boolean isInteger() {
        return !isFloatingPoint() && this != BOOL && this != BYTES;
    }

    /**
     * Parses an OIP datatype name such as {@code "FP32"}.
     *
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static DataType fromName(String name) {
        if (name != null) {
            // Every request names its tensors' datatypes, almost always as spelled here: no
            // upper-casing copy, exception or map lookup for those.
            for (DataType type : VALUES) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the descriptive message
            }
        }
        throw new IllegalArgumentException(
                "unknown datatype '"
                        + name
                        + "' (expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16,"
                        + " INT32, INT64, FP16, FP32, FP64, BYTES)");
    }
}
