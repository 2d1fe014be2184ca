package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The elements of one tensor's JSON {@code data}, read into a growing primitive array of its
 * datatype; each element's JSON type and range is checked against the datatype. Not thread-safe.
 */
final class TensorElements {
    private final DataType type;
    private final String label;
    private final ElementArray elements;

    TensorElements(DataType type, String label) {
        this.type = type;
        this.label = label;
        this.elements = new ElementArray(type, 16);
    }

    void add(JsonParser parser, JsonToken token) throws IOException {
        switch (type) {
            case FP32 -> elements.add(floatNumber(parser, token));
            case FP64 -> elements.add(number(parser, token));
            case FP16 -> elements.addHalf(Float.floatToFloat16(floatNumber(parser, token)));
            case BOOL -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw wrongElement(token, "true or false");
                }
                elements.add(token == JsonToken.VALUE_TRUE);
            }
            case BYTES -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw wrongElement(token, "a string");
                }
                elements.add(parser.getText().getBytes(StandardCharsets.UTF_8));
            }
            case UINT64 -> elements.addInteger(unsignedLong(parser, token));
            default ->
                    elements.addInteger(
                            integer(
                                    parser,
                                    token,
                                    ElementArray.minimum(type),
                                    ElementArray.maximum(type)));
        }
    }

    private double number(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongElement(token, "a number");
        }
        return Json.doubleValue(parser);
    }

    /** Straight from the text to the nearest float: no double rounding through a double. */
    private float floatNumber(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongElement(token, "a number");
        }
        return Json.floatValue(parser);
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
                            + elements.size()
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
                        + elements.size()
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
                        + elements.size()
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
        return elements.toArray();
    }
}
