package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Jackson's streaming writer, set up so that XGBoost's own JSON reader (src/common/json.cc) takes
 * what it writes, for the models converted from the legacy binary format:
 *
 * <ul>
 *   <li>Compact, without a pretty printer: no whitespace, and an empty array is "[]" (XGBoost's
 *       parser rejects "[ ]").
 *   <li>{@code writeNumber(float)} writes {@code Float.toString}: the shortest text that reads back
 *       as the same float, always with a '.' or an exponent ("2.0", not "2"), so XGBoost reads a
 *       float, not an integer.
 *   <li>NaN, Infinity and -Infinity unquoted, spelled as XGBoost writes and reads them (Jackson
 *       quotes them by default).
 *   <li>Control characters other than \n, \r and \t as \\u escapes: XGBoost's reader takes those
 *       three but rejects Jackson's \b and \f.
 * </ul>
 *
 * <p>Thread-safe: the factory is immutable; each generator writes one document.
 */
final class XGBoostJson {
    private static final JsonFactory FACTORY =
            new JsonFactoryBuilder()
                    .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                    .characterEscapes(new XGBoostEscapes())
                    .build();

    private XGBoostJson() {}

    /** Writes UTF-8, as {@code XGBoost.loadModel(byte[])} expects. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    static void intArray(JsonGenerator json, String name, int[] values) throws IOException {
        json.writeFieldName(name);
        json.writeArray(values, 0, values.length);
    }

    /** Jackson writes arrays of int, long and double, not of float. */
    static void floatArray(JsonGenerator json, String name, float[] values) throws IOException {
        json.writeArrayFieldStart(name);
        for (float value : values) {
            json.writeNumber(value);
        }
        json.writeEndArray();
    }

    /** "[]": without a pretty printer Jackson writes no space between the brackets. */
    static void emptyArray(JsonGenerator json, String name) throws IOException {
        json.writeArrayFieldStart(name);
        json.writeEndArray();
    }

    /** Jackson's JSON escapes, but \b and \f as \\u0008 and \\u000C. */
    private static final class XGBoostEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        XGBoostEscapes() {
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
