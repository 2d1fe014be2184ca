package dev.slipway.runtime.xgboost;

import java.util.Optional;

/**
 * Walks a Universal Binary JSON document (ubjson.org, draft 12) to check that every length and
 * count stays inside the bytes, without building anything.
 *
 * <p>XGBoost's native UBJSON reader trusts lengths and counts: a truncated or damaged {@code .ubj}
 * file makes it read past its buffer and crash the whole JVM (seen with XGBoost4J 2.1.4 on models
 * cut short and on models with a few changed bytes, and again with 3.4.0, where the diabetes
 * example's model cut to 629 bytes killed the process). Text JSON fails cleanly (3.4.0 survived
 * every 97th truncation of the breast-cancer model), and the legacy binary format reaches XGBoost
 * only as JSON written by {@link LegacyBinaryModel}, so only UBJSON goes through this check.
 *
 * <p>Not thread-safe: one instance walks one document, inside {@link #defect}.
 */
final class UbjsonStructure {
    /** XGBoost models nest about 8 deep; the bound keeps a hostile file from exhausting stacks. */
    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private int position;

    private UbjsonStructure(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Why the document is not well-formed UBJSON, or empty when it is. */
    static Optional<String> defect(byte[] document) {
        UbjsonStructure walker = new UbjsonStructure(document);
        try {
            walker.value(walker.marker(), 0);
            return Optional.empty();
        } catch (Malformed e) {
            return Optional.of(e.getMessage());
        }
    }

    private void value(byte marker, int depth) throws Malformed {
        switch (marker) {
            case 'Z', 'N', 'T', 'F' -> {}
            case 'i', 'U', 'C' -> skip(1);
            case 'I' -> skip(2);
            case 'l', 'd' -> skip(4);
            case 'L', 'D' -> skip(8);
            case 'S', 'H' -> skip(length());
            case '[' -> container(false, depth + 1);
            case '{' -> container(true, depth + 1);
            default -> throw malformed("unknown type marker 0x" + hex(marker), position - 1);
        }
    }

    private void container(boolean object, int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw malformed("containers nested deeper than " + MAX_DEPTH, position - 1);
        }
        byte type = 0;
        long count = -1;
        if (peek() == '$') {
            position++;
            type = marker();
            if (peek() != '#') {
                throw malformed("a typed container without a count", position);
            }
        }
        if (peek() == '#') {
            position++;
            count = length();
        }
        if (count >= 0) {
            counted(object, type, count, depth);
            return;
        }
        byte end = object ? (byte) '}' : (byte) ']';
        while (peek() != end) {
            if (object) {
                skip(length());
            }
            value(marker(), depth);
        }
        position++;
    }

    private void counted(boolean object, byte type, long count, int depth) throws Malformed {
        if (count > bytes.length) {
            // Every element but a null takes a byte at least; a larger count is damage.
            throw malformed(
                    "a count of " + count + " in a document of " + bytes.length + " bytes",
                    position);
        }
        int size = type == 0 ? -1 : fixedSize(type);
        if (!object && size >= 0) {
            // XGBoost stores tree arrays this way ([$d#L...): check them in one step.
            skip(count * size);
            return;
        }
        for (long i = 0; i < count; i++) {
            if (object) {
                skip(length());
            }
            value(type != 0 ? type : marker(), depth);
        }
    }

    /** An integer length or count: a type marker, then a big-endian value that must be >= 0. */
    private long length() throws Malformed {
        int start = position;
        byte marker = marker();
        int size =
                switch (marker) {
                    case 'i', 'U' -> 1;
                    case 'I' -> 2;
                    case 'l' -> 4;
                    case 'L' -> 8;
                    default -> throw malformed("a length must be an integer", start);
                };
        skip(size);
        // Big-endian; 'U' is the one unsigned type, the others carry the sign in the first byte.
        long value = marker == 'U' ? bytes[start + 1] & 0xFF : bytes[start + 1];
        for (int i = 1; i < size; i++) {
            value = (value << 8) | (bytes[start + 1 + i] & 0xFF);
        }
        if (value < 0) {
            throw malformed("negative length " + value, start);
        }
        return value;
    }

    private static int fixedSize(byte type) {
        return switch (type) {
            case 'Z', 'N', 'T', 'F' -> 0;
            case 'i', 'U', 'C' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            default -> -1;
        };
    }

    private byte marker() throws Malformed {
        byte marker = peek();
        position++;
        return marker;
    }

    private byte peek() throws Malformed {
        if (position >= bytes.length) {
            throw malformed("the document ends early", position);
        }
        return bytes[position];
    }

    private void skip(long count) throws Malformed {
        if (count > bytes.length - position) {
            throw malformed(
                    "the document ends early ("
                            + count
                            + " bytes needed, "
                            + (bytes.length - position)
                            + " left)",
                    position);
        }
        position += (int) count;
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }

    private static Malformed malformed(String detail, int offset) {
        return new Malformed(detail + " at byte " + offset);
    }

    /** Control flow inside the walk only; never escapes {@link #defect}. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
