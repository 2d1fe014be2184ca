package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.Arrays;

/**
 * JSON written straight into a growing byte array, as it will be sent: no generator, no write
 * context and no stream to copy out of (ADR 18). The caller writes the structure and separators;
 * values come out as {@link Json#FACTORY}'s generator writes them: numbers through Jackson's own
 * {@link NumberOutput} (Schubfach for floats, bare NaN and Infinity) and strings escaped by
 * Jackson's {@link JsonStringEncoder}. Not thread-safe.
 */
final class JsonBytes {
    private byte[] bytes;
    private int size;

    JsonBytes(int capacity) {
        bytes = new byte[capacity];
    }

    /** Bytes already encoded as JSON, e.g. a name with its quotes and colon. */
    JsonBytes raw(byte[] json) {
        ensure(json.length);
        System.arraycopy(json, 0, bytes, size, json.length);
        size += json.length;
        return this;
    }

    /** One ASCII character of structure: a bracket, a brace, a comma. */
    JsonBytes raw(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
        return this;
    }

    /** A quoted string. Printable ASCII without quotes or backslashes is copied as it is. */
    JsonBytes string(String value) {
        int length = value.length();
        ensure(length + 2);
        int at = size;
        bytes[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return quoted(JsonStringEncoder.getInstance().quoteAsUTF8(value));
            }
            bytes[at++] = (byte) c;
        }
        bytes[at++] = '"';
        size = at;
        return this;
    }

    private JsonBytes quoted(byte[] escaped) {
        ensure(escaped.length + 2);
        bytes[size++] = '"';
        System.arraycopy(escaped, 0, bytes, size, escaped.length);
        size += escaped.length;
        bytes[size++] = '"';
        return this;
    }

    JsonBytes number(int value) {
        ensure(11);
        size = NumberOutput.outputInt(value, bytes, size);
        return this;
    }

    JsonBytes number(long value) {
        ensure(20);
        size = NumberOutput.outputLong(value, bytes, size);
        return this;
    }

    JsonBytes number(float value) {
        return ascii(NumberOutput.toString(value, true));
    }

    JsonBytes number(double value) {
        return ascii(NumberOutput.toString(value, true));
    }

    JsonBytes bool(boolean value) {
        return ascii(value ? "true" : "false");
    }

    /** A string known to be ASCII (a number's text), written without quotes. */
    JsonBytes ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    int size() {
        return size;
    }

    /** The JSON written so far, followed by {@code extra} bytes of room at its end. */
    byte[] toByteArray(int extra) {
        return Arrays.copyOf(bytes, Math.addExact(size, extra));
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
