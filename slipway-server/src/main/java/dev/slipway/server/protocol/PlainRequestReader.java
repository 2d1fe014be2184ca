package dev.slipway.server.protocol;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the plain form of an OIP v2 inference request, the one nearly every caller sends, straight
 * from its bytes: an optional {@code id} and {@code inputs} whose tensors have a {@code name}, a
 * {@code datatype} before their {@code data}, a {@code shape} and numeric or boolean {@code data};
 * ASCII strings without escapes. Each number is parsed where it lies in the body, with no token
 * copied first: Jackson's tokenizing was a fifth of the time Slipway adds to a 1-row request (ADR
 * 17).
 *
 * <p>Anything else, valid or not, makes it give up and return null, and {@link InferRequestDecoder}
 * reads the body again with Jackson, which handles all of the protocol and names what is wrong. So
 * whenever this reader answers, it answers exactly what the general path would; a test holds the
 * two to that on valid and broken bodies.
 *
 * <p>Not thread-safe: one reader per body.
 */
final class PlainRequestReader {
    /** Nesting of {@code data} arrays beyond which the general path decides. */
    private static final int MAX_DEPTH = 32;

    /** Longer number tokens are left to the general path, which limits them (Jackson: 1,000). */
    private static final int MAX_NUMBER_LENGTH = 64;

    private static final byte[] ID = ascii("id");
    private static final byte[] INPUTS = ascii("inputs");
    private static final byte[] NAME = ascii("name");
    private static final byte[] DATATYPE = ascii("datatype");
    private static final byte[] SHAPE = ascii("shape");
    private static final byte[] DATA = ascii("data");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    /** Thrown to leave the body to the general path; shared, without a stack trace. */
    private static final class GiveUp extends RuntimeException {
        static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private final byte[] body;
    private final int end;
    private int pos;

    /** Where the last object key's characters lie. */
    private int keyStart;

    private int keyEnd;

    private PlainRequestReader(byte[] body, int length) {
        this.body = body;
        this.end = length;
    }

    /**
     * @return the request, or null when the body is not in the plain form (or not valid)
     */
    static InferenceRequest read(byte[] body, int length) {
        try {
            return new PlainRequestReader(body, length).request();
        } catch (GiveUp e) {
            return null;
        }
    }

    private InferenceRequest request() {
        skipSpace();
        expect('{');
        String id = null;
        boolean hasId = false;
        List<Tensor> inputs = null;
        do {
            key();
            if (keyIs(ID) && !hasId) {
                hasId = true;
                id = string();
            } else if (keyIs(INPUTS) && inputs == null) {
                inputs = inputs();
            } else {
                throw GiveUp.INSTANCE;
            }
            skipSpace();
        } while (next() == ',' || back('}'));
        skipSpace();
        if (pos != end || inputs == null || inputs.isEmpty()) {
            throw GiveUp.INSTANCE;
        }
        return new InferenceRequest(
                id, new PredictRequest(inputs, Set.of(), Map.of()), List.of(), BinaryOutputs.NONE);
    }

    private List<Tensor> inputs() {
        expect('[');
        List<Tensor> inputs = new ArrayList<>(2);
        skipSpace();
        if (peek() == ']') {
            pos++;
            return inputs;
        }
        do {
            skipSpace();
            inputs.add(tensor());
            skipSpace();
        } while (next() == ',' || back(']'));
        return inputs;
    }

    private Tensor tensor() {
        expect('{');
        String name = null;
        DataType datatype = null;
        long[] shape = null;
        Object data = null;
        do {
            key();
            if (keyIs(NAME) && name == null) {
                name = string();
            } else if (keyIs(DATATYPE) && datatype == null) {
                try {
                    datatype = DataType.fromName(string());
                } catch (IllegalArgumentException e) {
                    throw GiveUp.INSTANCE;
                }
            } else if (keyIs(SHAPE) && shape == null) {
                shape = shape();
            } else if (keyIs(DATA) && data == null && datatype != null) {
                data = data(datatype, shape);
            } else {
                throw GiveUp.INSTANCE;
            }
            skipSpace();
        } while (next() == ',' || back('}'));
        if (name == null || shape == null || data == null) {
            throw GiveUp.INSTANCE;
        }
        long count;
        try {
            count = Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            throw GiveUp.INSTANCE;
        }
        if (count != java.lang.reflect.Array.getLength(data)) {
            throw GiveUp.INSTANCE;
        }
        return Tensor.of(name, datatype, shape, data);
    }

    private long[] shape() {
        expect('[');
        long[] shape = new long[4];
        int rank = 0;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new long[0];
        }
        do {
            skipSpace();
            int start = pos;
            if (!number() || body[start] == '-') {
                throw GiveUp.INSTANCE;
            }
            if (rank == shape.length) {
                shape = Arrays.copyOf(shape, rank * 2);
            }
            shape[rank++] = integerValue(start, pos);
            skipSpace();
        } while (next() == ',' || back(']'));
        return Arrays.copyOf(shape, rank);
    }

    /**
     * @param shape the tensor's shape when it came before the data, else null
     */
    private Object data(DataType type, long[] shape) {
        if (type == DataType.FP16 || type == DataType.BYTES) {
            throw GiveUp.INSTANCE; // strings and half floats: the general path
        }
        ElementArray elements = new ElementArray(type, expectedCount(shape));
        elements(elements, 1);
        return elements.toArray();
    }

    /** The element count a shape that came first promises, as a first capacity (bounded). */
    private int expectedCount(long[] shape) {
        if (shape == null) {
            return 16;
        }
        try {
            // Each element takes at least two bytes of the body ("1,"): no bigger array is useful.
            return (int) Math.min(Shapes.elementCount(shape), (end - pos) / 2 + 1);
        } catch (ArithmeticException e) {
            throw GiveUp.INSTANCE;
        }
    }

    private void elements(ElementArray elements, int depth) {
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        do {
            skipSpace();
            if (peek() == '[') {
                if (depth == MAX_DEPTH) {
                    throw GiveUp.INSTANCE;
                }
                elements(elements, depth + 1);
            } else {
                element(elements);
            }
            skipSpace();
        } while (next() == ',' || back(']'));
    }

    /** Reads one element of a numeric or boolean tensor; out of range gives up. */
    private void element(ElementArray elements) {
        switch (elements.type()) {
            case FP32 -> elements.add(float32());
            case FP64 -> elements.add(float64());
            case BOOL -> elements.add(bool());
            // Values above Long.MAX_VALUE take 19 digits or more, which integerValue leaves to the
            // general path anyway.
            case UINT64 -> elements.addInteger(integerIn(0, Long.MAX_VALUE));
            default -> {
                DataType type = elements.type();
                elements.addInteger(
                        integerIn(ElementArray.minimum(type), ElementArray.maximum(type)));
            }
        }
    }

    private float float32() {
        int start = pos;
        number();
        return JavaFloatParser.parseFloat(body, start, pos - start);
    }

    private double float64() {
        int start = pos;
        number();
        return JavaDoubleParser.parseDouble(body, start, pos - start);
    }

    private long integerIn(long min, long max) {
        int start = pos;
        if (!number()) {
            throw GiveUp.INSTANCE;
        }
        long value = integerValue(start, pos);
        if (value < min || value > max) {
            throw GiveUp.INSTANCE;
        }
        return value;
    }

    /** An integer token's value; up to 18 digits, so that it cannot overflow. */
    private long integerValue(int start, int stop) {
        boolean negative = body[start] == '-';
        int digits = negative ? start + 1 : start;
        if (stop - digits > 18) {
            throw GiveUp.INSTANCE;
        }
        long value = 0;
        for (int i = digits; i < stop; i++) {
            value = value * 10 + (body[i] - '0');
        }
        return negative ? -value : value;
    }

    private boolean bool() {
        if (matches(TRUE)) {
            return true;
        }
        if (matches(FALSE)) {
            return false;
        }
        throw GiveUp.INSTANCE;
    }

    private boolean matches(byte[] literal) {
        if (end - pos < literal.length
                || !Arrays.equals(body, pos, pos + literal.length, literal, 0, literal.length)) {
            return false;
        }
        pos += literal.length;
        return true;
    }

    /**
     * Moves past a JSON number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}.
     *
     * @return whether it was an integer (no fraction, no exponent)
     */
    private boolean number() {
        int start = pos;
        if (pos < end && body[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            throw GiveUp.INSTANCE;
        }
        if (body[pos] == '0') {
            pos++;
        } else if (!digits()) {
            throw GiveUp.INSTANCE;
        }
        boolean integer = true;
        if (pos < end && body[pos] == '.') {
            pos++;
            integer = false;
            if (!digits()) {
                throw GiveUp.INSTANCE;
            }
        }
        if (pos < end && (body[pos] == 'e' || body[pos] == 'E')) {
            pos++;
            integer = false;
            if (pos < end && (body[pos] == '+' || body[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                throw GiveUp.INSTANCE;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw GiveUp.INSTANCE;
        }
        return integer;
    }

    /** Moves past one or more digits; false when there was none. */
    private boolean digits() {
        int start = pos;
        while (pos < end && body[pos] >= '0' && body[pos] <= '9') {
            pos++;
        }
        return pos > start;
    }

    /** A string of printable ASCII without escapes. */
    private String string() {
        int start = stringStart();
        int stop = stringEnd();
        return new String(body, start, stop - start, StandardCharsets.ISO_8859_1);
    }

    /** Moves past an opening quote; returns where the string's characters start. */
    private int stringStart() {
        expect('"');
        return pos;
    }

    /** Moves past the string's closing quote; returns where its characters stop. */
    private int stringEnd() {
        while (pos < end) {
            byte c = body[pos];
            if (c == '"') {
                return pos++;
            }
            // Escapes, control characters and non-ASCII (negative as bytes): the general path.
            if (c == '\\' || c < 0x20) {
                throw GiveUp.INSTANCE;
            }
            pos++;
        }
        throw GiveUp.INSTANCE;
    }

    /** Moves past an object key and its colon, to the value. */
    private void key() {
        skipSpace();
        keyStart = stringStart();
        keyEnd = stringEnd();
        skipSpace();
        expect(':');
        skipSpace();
    }

    private boolean keyIs(byte[] key) {
        return Arrays.equals(body, keyStart, keyEnd, key, 0, key.length);
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = body[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        if (pos >= end) {
            throw GiveUp.INSTANCE;
        }
        return body[pos];
    }

    private int next() {
        int c = peek();
        pos++;
        return c;
    }

    /** The character {@link #next} just took must close the structure; false ends the loop. */
    private boolean back(char close) {
        if (body[pos - 1] != close) {
            throw GiveUp.INSTANCE;
        }
        return false;
    }

    private void expect(char c) {
        if (next() != c) {
            throw GiveUp.INSTANCE;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
