package dev.slipway.runtime.xgboost;

import dev.slipway.spi.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of a legacy binary XGBoost model: little-endian numbers, and strings and vectors
 * prefixed with a 64-bit count, as dmlc::Stream writes them. Every read checks that the bytes are
 * there first and names the field it wanted, so a truncated file fails with a message instead of an
 * exception from deep inside a buffer, and no count read from the file can make it allocate more
 * than the file holds.
 *
 * <p>Not thread-safe: one instance reads one model, inside {@link LegacyBinaryModel#toJson}.
 */
final class LegacyBinaryReader {
    private final ByteBuffer bytes;

    LegacyBinaryReader(byte[] model) {
        this.bytes = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
    }

    int int32(String field) throws ModelLoadException {
        require(Integer.BYTES, field);
        return bytes.getInt();
    }

    float float32(String field) throws ModelLoadException {
        require(Float.BYTES, field);
        return bytes.getFloat();
    }

    /**
     * A block of {@code count} int32 values, such as a fixed-size parameter struct. The count is a
     * long so that a product of two counts read from a damaged file cannot overflow unnoticed.
     */
    int[] int32s(long count, String field) throws ModelLoadException {
        require(count * Integer.BYTES, field);
        int[] values = new int[(int) count];
        bytes.asIntBuffer().get(values);
        bytes.position(bytes.position() + values.length * Integer.BYTES);
        return values;
    }

    float[] float32s(long count, String field) throws ModelLoadException {
        require(count * Float.BYTES, field);
        float[] values = new float[(int) count];
        bytes.asFloatBuffer().get(values);
        bytes.position(bytes.position() + values.length * Float.BYTES);
        return values;
    }

    /** A {@code std::vector<float>}: a 64-bit element count, then the elements. */
    float[] floatVector(String field) throws ModelLoadException {
        return float32s(count(Float.BYTES, field), field);
    }

    /** A {@code std::string}: a 64-bit byte count, then UTF-8 bytes. */
    String string(String field) throws ModelLoadException {
        int length = count(1, field);
        byte[] text = new byte[length];
        bytes.get(text);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(
                    field + " at byte " + (bytes.position() - length) + " is not UTF-8 text");
        }
    }

    /**
     * A 64-bit count of elements of {@code elementSize} bytes each, checked against the bytes that
     * are left so that a damaged count fails here rather than in an allocation.
     */
    int count(int elementSize, String field) throws ModelLoadException {
        int at = bytes.position();
        require(Long.BYTES, field + " count");
        long count = bytes.getLong();
        if (count < 0 || count > (long) bytes.remaining() / elementSize) {
            throw malformed(
                    field
                            + " at byte "
                            + at
                            + " claims "
                            + Long.toUnsignedString(count)
                            + " elements of "
                            + elementSize
                            + " bytes, but only "
                            + bytes.remaining()
                            + " bytes follow (the file is truncated or damaged)");
        }
        return (int) count;
    }

    boolean atEnd() {
        return !bytes.hasRemaining();
    }

    int position() {
        return bytes.position();
    }

    private void require(long size, String field) throws ModelLoadException {
        if (size < 0 || size > bytes.remaining()) {
            throw malformed(
                    "the file ends early: "
                            + field
                            + " needs "
                            + size
                            + " bytes at byte "
                            + bytes.position()
                            + ", "
                            + bytes.remaining()
                            + " left");
        }
    }

    /** The error for bytes that do not make a legacy binary model, in the runtime's wording. */
    static ModelLoadException malformed(String detail) {
        return new ModelLoadException("not a valid XGBoost model: legacy binary format, " + detail);
    }
}
