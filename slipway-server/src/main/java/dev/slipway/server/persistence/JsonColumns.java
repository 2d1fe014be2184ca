package dev.slipway.server.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.slipway.server.protocol.Json;
import java.io.UncheckedIOException;
import java.util.Map;

/** Maps small string/number maps to and from the JSON text columns. */
final class JsonColumns {
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> NUMBERS = new TypeReference<>() {};

    private JsonColumns() {}

    static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> strings(String json) {
        return read(json, STRINGS);
    }

    static Map<String, Double> numbers(String json) {
        return read(json, NUMBERS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
