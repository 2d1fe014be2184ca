package dev.slipway.runtime.xgboost;

/**
 * Writes compact JSON text, the way XGBoost's own writer lays it out (no whitespace). Commas are
 * placed by looking at the last character: none after an opening bracket or a member name, one
 * before any other value or name.
 *
 * <p>Not thread-safe: one instance writes one document.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(4096);

    JsonWriter beginObject() {
        separate();
        out.append('{');
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        return this;
    }

    JsonWriter value(String text) {
        separate();
        quote(text);
        return this;
    }

    JsonWriter value(long number) {
        separate();
        out.append(number);
        return this;
    }

    /**
     * Float.toString is the shortest text that reads back as the same float, as XGBoost's writer
     * produces; it keeps a '.' or an exponent, so XGBoost parses it as a float, not an integer. NaN
     * and (-)Infinity come out as XGBoost's reader spells them.
     */
    JsonWriter value(float number) {
        separate();
        out.append(number);
        return this;
    }

    /** A JSON document that is already text (XGBoost's saved objective configuration). */
    JsonWriter rawValue(String json) {
        separate();
        out.append(json);
        return this;
    }

    JsonWriter floats(String name, float[] values) {
        name(name).beginArray();
        for (float value : values) {
            value(value);
        }
        return endArray();
    }

    JsonWriter ints(String name, int[] values) {
        name(name).beginArray();
        for (int value : values) {
            value(value);
        }
        return endArray();
    }

    /** An empty array, written as "[]": XGBoost's parser rejects "[ ]". */
    JsonWriter emptyArray(String name) {
        return name(name).beginArray().endArray();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (out.isEmpty()) {
            return;
        }
        char last = out.charAt(out.length() - 1);
        if (last != '{' && last != '[' && last != ':') {
            out.append(',');
        }
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
