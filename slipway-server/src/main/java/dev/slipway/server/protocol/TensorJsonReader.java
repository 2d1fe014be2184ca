package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one OIP v2 tensor object ({@code name}, {@code datatype}, {@code shape}, {@code data},
 * {@code parameters}) straight into a primitive array. {@code data} may be flat or nested. When
 * {@code data} comes before {@code datatype}, its byte range is remembered and parsed again once
 * the type is known, so no value is ever boxed. A tensor whose {@code parameters} hold a {@code
 * binary_data_size} has no {@code data}: its elements come from the body's binary section (binary
 * tensor data extension).
 *
 * <p>Not thread-safe: one reader per body.
 */
final class TensorJsonReader {
    private final byte[] source;

    /** The body's binary section, or null when the body is JSON alone. */
    private final BinaryTensorReader binary;

    TensorJsonReader(byte[] source) {
        this(source, null);
    }

    TensorJsonReader(byte[] source, BinaryTensorReader binary) {
        this.source = source;
        this.binary = binary;
    }

    /** A tensor object and its parameters. */
    record ParsedTensor(Tensor tensor, Map<String, Object> parameters) {}

    /**
     * @param parser positioned on the tensor's START_OBJECT; left on its END_OBJECT
     * @param role "input" or "output", for messages
     */
    ParsedTensor read(JsonParser parser, String role, int index) throws IOException {
        expect(parser, JsonToken.START_OBJECT, role + " " + index + " must be a JSON object");
        String name = null;
        DataType datatype = null;
        long[] shape = null;
        Object data = null;
        long dataStart = -1;
        long dataEnd = -1;
        Map<String, Object> parameters = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> name = text(parser, role + " " + index + " name");
                case "datatype" -> {
                    String text = text(parser, role + " '" + name + "' datatype");
                    try {
                        datatype = DataType.fromName(text);
                    } catch (IllegalArgumentException e) {
                        throw SlipwayException.invalidInput(
                                role
                                        + " '"
                                        + (name == null ? index : name)
                                        + "': "
                                        + e.getMessage());
                    }
                }
                case "shape" -> shape = readShape(parser, role, name == null ? "" + index : name);
                case "parameters" -> parameters = readObject(parser, role + " parameters");
                case "data" -> {
                    if (datatype != null) {
                        data = readData(parser, datatype, label(role, name, index));
                    } else {
                        expect(
                                parser,
                                JsonToken.START_ARRAY,
                                label(role, name, index) + " data must be an array");
                        dataStart = parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        dataEnd = parser.currentLocation().getByteOffset();
                    }
                }
                default -> {
                    if (value.isStructStart()) {
                        parser.skipChildren();
                    }
                }
            }
        }
        String label = label(role, name, index);
        if (name == null) {
            throw SlipwayException.invalidInput(role + " " + index + " has no 'name'");
        }
        if (datatype == null) {
            throw SlipwayException.invalidInput(label + " has no 'datatype'");
        }
        if (shape == null) {
            throw SlipwayException.invalidInput(label + " has no 'shape'");
        }
        Object binarySize = parameters.get(BinaryTensorData.BINARY_DATA_SIZE);
        if (binarySize != null) {
            if (data != null || dataStart >= 0) {
                throw SlipwayException.invalidInput(
                        label
                                + " has both 'data' and parameters."
                                + BinaryTensorData.BINARY_DATA_SIZE
                                + "; send its elements one way");
            }
            data = readBinary(label, datatype, shape, binarySize);
        } else if (data == null && dataStart >= 0) {
            try (JsonParser again =
                    Json.FACTORY.createParser(
                            source, (int) dataStart, (int) (dataEnd - dataStart))) {
                again.nextToken();
                data = readData(again, datatype, label);
            }
        }
        if (data == null) {
            throw SlipwayException.invalidInput(label + " has no 'data'");
        }
        long expected = elementCount(label, shape);
        int actual = java.lang.reflect.Array.getLength(data);
        if (expected != actual) {
            throw SlipwayException.invalidInput(
                    label
                            + " has shape "
                            + Shapes.format(shape)
                            + ", which needs "
                            + expected
                            + " elements, but data has "
                            + actual);
        }
        return new ParsedTensor(Tensor.of(name, datatype, shape, data), parameters);
    }

    private Object readBinary(String label, DataType datatype, long[] shape, Object size) {
        if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
            throw SlipwayException.invalidInput(
                    label
                            + " parameters."
                            + BinaryTensorData.BINARY_DATA_SIZE
                            + " must be a non-negative integer, got "
                            + size);
        }
        if (binary == null) {
            throw SlipwayException.invalidInput(
                    label
                            + " has parameters."
                            + BinaryTensorData.BINARY_DATA_SIZE
                            + ", but the body has no binary tensor data (send the "
                            + BinaryTensorData.HEADER
                            + " header with the JSON's length)");
        }
        long count = elementCount(label, shape);
        if (count > Integer.MAX_VALUE) {
            throw tooManyElements(label, shape);
        }
        return binary.read(label, datatype, shape, (int) count, ((Number) size).longValue());
    }

    private static long elementCount(String label, long[] shape) {
        try {
            return Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            // Caught here, not by each caller: golden examples reach this reader too.
            throw tooManyElements(label, shape);
        }
    }

    private static SlipwayException tooManyElements(String label, long[] shape) {
        return SlipwayException.invalidInput(
                label + " has shape " + Shapes.format(shape) + ", which has too many elements");
    }

    private static String label(String role, String name, int index) {
        return role + " '" + (name == null ? "#" + index : name) + "'";
    }

    private static long[] readShape(JsonParser parser, String role, String name)
            throws IOException {
        expect(
                parser,
                JsonToken.START_ARRAY,
                role + " '" + name + "' shape must be an array of integers");
        long[] shape = new long[4];
        int rank = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                throw SlipwayException.invalidInput(
                        role
                                + " '"
                                + name
                                + "' shape must hold non-negative integers, got "
                                + parser.getText());
            }
            if (rank == shape.length) {
                shape = Arrays.copyOf(shape, rank * 2);
            }
            shape[rank++] = parser.getLongValue();
        }
        return Arrays.copyOf(shape, rank);
    }

    /** Reads a flat or nested array of values of one datatype. */
    private static Object readData(JsonParser parser, DataType type, String label)
            throws IOException {
        expect(parser, JsonToken.START_ARRAY, label + " data must be an array");
        ElementBuffer buffer = new ElementBuffer(type, label);
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == null) {
                throw SlipwayException.invalidInput(label + " data ends early");
            } else {
                buffer.add(parser, token);
            }
        }
        return buffer.toArray();
    }

    static Map<String, Object> readObject(JsonParser parser, String what) throws IOException {
        expect(parser, JsonToken.START_OBJECT, what + " must be a JSON object");
        Map<String, Object> values = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            values.put(key, readValue(parser, what));
        }
        return values;
    }

    private static Object readValue(JsonParser parser, String what) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(parser, what);
            case START_ARRAY -> {
                var list = new java.util.ArrayList<Object>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser, what));
                }
                yield list;
            }
            default ->
                    throw SlipwayException.invalidInput(
                            what + " has an unexpected " + parser.currentToken());
        };
    }

    static String text(JsonParser parser, String what) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw SlipwayException.invalidInput(what + " must be a string");
        }
        return parser.getText();
    }

    static void expect(JsonParser parser, JsonToken token, String message) {
        if (parser.currentToken() != token) {
            throw SlipwayException.invalidInput(message);
        }
    }

    /** Grows a primitive array of one datatype, checking each element's type and range. */
    private static final class ElementBuffer {
        private final DataType type;
        private final String label;
        private Object array;
        private int size;

        ElementBuffer(DataType type, String label) {
            this.type = type;
            this.label = label;
            this.array = java.lang.reflect.Array.newInstance(type.storage().getComponentType(), 16);
        }

        void add(JsonParser parser, JsonToken token) throws IOException {
            if (size == java.lang.reflect.Array.getLength(array)) {
                Object bigger =
                        java.lang.reflect.Array.newInstance(
                                type.storage().getComponentType(), size * 2);
                System.arraycopy(array, 0, bigger, 0, size);
                array = bigger;
            }
            switch (type) {
                case FP32 -> ((float[]) array)[size] = floatNumber(parser, token);
                case FP64 -> ((double[]) array)[size] = number(parser, token);
                case FP16 ->
                        ((short[]) array)[size] = Float.floatToFloat16(floatNumber(parser, token));
                case BOOL -> {
                    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                        throw wrongElement(token, "true or false");
                    }
                    ((boolean[]) array)[size] = token == JsonToken.VALUE_TRUE;
                }
                case BYTES -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw wrongElement(token, "a string");
                    }
                    ((byte[][]) array)[size] = parser.getText().getBytes(StandardCharsets.UTF_8);
                }
                case INT8 ->
                        ((byte[]) array)[size] =
                                (byte) integer(parser, token, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case UINT8 -> ((byte[]) array)[size] = (byte) integer(parser, token, 0, 255);
                case INT16 ->
                        ((short[]) array)[size] =
                                (short) integer(parser, token, Short.MIN_VALUE, Short.MAX_VALUE);
                case UINT16 -> ((short[]) array)[size] = (short) integer(parser, token, 0, 65_535);
                case INT32 ->
                        ((int[]) array)[size] =
                                (int) integer(parser, token, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case UINT32 ->
                        ((int[]) array)[size] = (int) integer(parser, token, 0, 4_294_967_295L);
                case INT64 ->
                        ((long[]) array)[size] =
                                integer(parser, token, Long.MIN_VALUE, Long.MAX_VALUE);
                case UINT64 -> ((long[]) array)[size] = unsignedLong(parser, token);
            }
            size++;
        }

        private double number(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongElement(token, "a number");
            }
            return parser.getDoubleValue();
        }

        /** Straight from the text to the nearest float: no double rounding through a double. */
        private float floatNumber(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongElement(token, "a number");
            }
            return parser.getFloatValue();
        }

        private long integer(JsonParser parser, JsonToken token, long min, long max)
                throws IOException {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongElement(token, "an integer");
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(parser.getText(), min, max);
            }
            long value = parser.getLongValue();
            if (value < min || value > max) {
                throw outOfRange(parser.getText(), min, max);
            }
            return value;
        }

        private long unsignedLong(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongElement(token, "an integer");
            }
            BigInteger value = parser.getBigIntegerValue();
            if (value.signum() < 0 || value.bitLength() > 64) {
                throw SlipwayException.invalidInput(
                        label
                                + " element "
                                + size
                                + " ("
                                + value
                                + ") is out of range for UINT64 [0, 18446744073709551615]");
            }
            return value.longValue();
        }

        private SlipwayException outOfRange(String text, long min, long max) {
            return SlipwayException.invalidInput(
                    label
                            + " element "
                            + size
                            + " ("
                            + text
                            + ") is out of range for "
                            + type
                            + " ["
                            + min
                            + ", "
                            + max
                            + "]");
        }

        private SlipwayException wrongElement(JsonToken token, String expected) {
            return SlipwayException.invalidInput(
                    label
                            + " element "
                            + size
                            + " must be "
                            + expected
                            + " for datatype "
                            + type
                            + ", got "
                            + describe(token));
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a number with a fraction";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                case START_OBJECT -> "an object";
                default -> token.toString();
            };
        }

        Object toArray() {
            Object exact =
                    java.lang.reflect.Array.newInstance(type.storage().getComponentType(), size);
            System.arraycopy(array, 0, exact, 0, size);
            return exact;
        }
    }
}
