package dev.slipway.core.job;

import dev.slipway.core.error.SlipwayException;
import java.util.Locale;

/** How the input rows are written; the output is written the same way. */
public enum InputFormat {
    /** Comma-separated values, one row per line, with or without a header line. */
    CSV,
    /** One JSON object (by feature name) or array (in signature order) per line. */
    JSONL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    public static InputFormat parse(String field, String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "jsonl", "ndjson" -> JSONL;
            default ->
                    throw SlipwayException.invalidArgument(
                            field + " '" + text + "' is not an input format: use csv or jsonl");
        };
    }
}
