package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.io.IOException;
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
                // Messages are built only on failure: this runs for every tensor of every request.
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw SlipwayException.invalidInput(
                                role + " " + index + " name must be a string");
                    }
                    name = parser.getText();
                }
                case "datatype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw SlipwayException.invalidInput(
                                role + " '" + name + "' datatype must be a string");
                    }
                    String text = parser.getText();
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
                case "shape" -> shape = readShape(parser, role, name, index);
                case "parameters" -> parameters = readObject(parser, role + " parameters");
                case "data" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw SlipwayException.invalidInput(
                                label(role, name, index) + " data must be an array");
                    }
                    if (datatype != null) {
                        data = readData(parser, datatype, label(role, name, index));
                    } else {
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
        if (name == null) {
            throw SlipwayException.invalidInput(role + " " + index + " has no 'name'");
        }
        if (datatype == null) {
            throw SlipwayException.invalidInput(label(role, name, index) + " has no 'datatype'");
        }
        if (shape == null) {
            throw SlipwayException.invalidInput(label(role, name, index) + " has no 'shape'");
        }
        Object binarySize = parameters.get(BinaryTensorData.BINARY_DATA_SIZE);
        if (binarySize != null) {
            String label = label(role, name, index);
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
                data = readData(again, datatype, label(role, name, index));
            }
        }
        if (data == null) {
            throw SlipwayException.invalidInput(label(role, name, index) + " has no 'data'");
        }
        long expected;
        try {
            expected = Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            throw tooManyElements(label(role, name, index), shape);
        }
        int actual = java.lang.reflect.Array.getLength(data);
        if (expected != actual) {
            throw SlipwayException.invalidInput(
                    label(role, name, index)
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

    /**
     * @param name the tensor's name, or null when it comes later (then its index names it)
     */
    private static long[] readShape(JsonParser parser, String role, String name, int index)
            throws IOException {
        if (name == null) {
            name = Integer.toString(index);
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw SlipwayException.invalidInput(
                    role + " '" + name + "' shape must be an array of integers");
        }
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

    /**
     * Reads a flat or nested array of values of one datatype.
     *
     * @param parser on the array's START_ARRAY, which {@link #read} has checked
     */
    private static Object readData(JsonParser parser, DataType type, String label)
            throws IOException {
        TensorElements buffer = new TensorElements(type, label);
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
}
