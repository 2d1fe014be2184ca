package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.core.error.SlipwayException;
import java.io.IOException;

/**
 * The JSON factories and mappers the server shares. NaN and Infinity are accepted as numbers
 * because Python's json module writes them; whether a model accepts NaN is checked later.
 */
public final class Json {
    /** Streaming factory for the hot path. Thread-safe. */
    public static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    // FastDoubleParser and Schubfach instead of the JDK's FloatingDecimal, whose
                    // big-integer path took 29% of a 32-row request (17-digit float32 values).
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    // Written as bare NaN/Infinity tokens, as Python's json module writes and
                    // reads them, so that what the server writes it can also read back.
                    .disable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                    // Characters beyond the BMP as UTF-8, not as escaped surrogate pairs: as
                    // JsonBytes writes them into answers.
                    .enable(
                            com.fasterxml.jackson.core.json.JsonWriteFeature
                                    .COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build();

    /** Tree/record mapping for the control plane. Thread-safe once configured. */
    public static final ObjectMapper MAPPER =
            new ObjectMapper(FACTORY)
                    .findAndRegisterModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {}

    /**
     * The current number token as the nearest float. Jackson's {@code getFloatValue} copies the
     * digits into a String first; this parses them where the parser holds them.
     */
    public static float floatValue(JsonParser parser) throws IOException {
        if (parser.isNaN()) {
            // NaN and the infinities, which JSON may spell in ways Java's syntax does not.
            return parser.getFloatValue();
        }
        return NumberInput.parseFloat(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), true);
    }

    /** The current number token as the nearest double, as {@link #floatValue}. */
    public static double doubleValue(JsonParser parser) throws IOException {
        if (parser.isNaN()) {
            return parser.getDoubleValue();
        }
        return NumberInput.parseDouble(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), true);
    }

    /** A caller-facing message for a parse failure: what went wrong and where. */
    public static SlipwayException malformed(JsonProcessingException e) {
        var location = e.getLocation();
        String where =
                location == null
                        ? ""
                        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return SlipwayException.invalidInput(
                "malformed JSON" + where + ": " + e.getOriginalMessage());
    }
}
