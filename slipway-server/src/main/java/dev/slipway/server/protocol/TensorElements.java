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
    private Object array;
    private int size;

    TensorElements(DataType type, String label) {
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
            case FP16 -> ((short[]) array)[size] = Float.floatToFloat16(floatNumber(parser, token));
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
            case UINT32 -> ((int[]) array)[size] = (int) integer(parser, token, 0, 4_294_967_295L);
            case INT64 ->
                    ((long[]) array)[size] = integer(parser, token, Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT64 -> ((long[]) array)[size] = unsignedLong(parser, token);
        }
        size++;
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
        Object exact = java.lang.reflect.Array.newInstance(type.storage().getComponentType(), size);
        System.arraycopy(array, 0, exact, 0, size);
        return exact;
    }
}
