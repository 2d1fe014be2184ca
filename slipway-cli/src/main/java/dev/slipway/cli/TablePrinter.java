package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.ValidationReport;
import dev.slipway.cli.input.JacksonMappers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the CLI prints to a person goes through here: aligned tables, "Label: value" blocks,
 * JSON/YAML renderings and validation mismatches, so the look stays uniform. Not thread-safe; one
 * per command run.
 */
final class TablePrinter {

    private static final String GAP = "  ";
    private static final String NONE = "-";

    private final PrintWriter out;

    TablePrinter(PrintWriter out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    void blankLine() {
        out.println();
    }

    /** Columns padded to their widest cell; the last column is not padded. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], text(row.get(column)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell = text(row.get(column));
                line.append(cell);
                if (column < widths.length - 1) {
                    line.append(" ".repeat(widths[column] - cell.length())).append(GAP);
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** {@code Label: value} lines with values aligned; null or empty values print as "-". */
    void fields(Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach(
                (label, value) ->
                        out.println(
                                (label
                                                + ":"
                                                + " ".repeat(width - label.length())
                                                + GAP
                                                + text(value))
                                        .stripTrailing()));
        out.flush();
    }

    static Map<String, Object> fieldMap() {
        return new LinkedHashMap<>();
    }

    /** The value as JSON or YAML. */
    void structured(OutputOptions.Format format, Object value) {
        try {
            String text =
                    switch (format) {
                        case JSON -> JacksonMappers.JSON.writeValueAsString(value);
                        case YAML -> JacksonMappers.YAML.writeValueAsString(value).stripTrailing();
                        case TABLE ->
                                throw new IllegalArgumentException("a table is not structured");
                    };
            out.println(text);
        } catch (JsonProcessingException unserializable) {
            throw new IllegalStateException("cannot render the answer", unserializable);
        }
        out.flush();
    }

    /** A response body pretty-printed when it is JSON, else as it came. */
    void body(String body) {
        try {
            JsonNode json = JacksonMappers.JSON.readTree(body);
            out.println(JacksonMappers.JSON.writeValueAsString(json));
        } catch (JsonProcessingException notJson) {
            out.println(body.stripTrailing());
        }
        out.flush();
    }

    /** One line per mismatch of a validation report. */
    void mismatches(ValidationReport report) {
        report.mismatches().forEach(mismatch -> out.println(mismatch(mismatch)));
        out.flush();
    }

    /**
     * {@code example single-row, output probability, index 4: expected 0.91, actual 0.42}; parts
     * the server left out are skipped, and its message is shown when there are no values.
     */
    static String mismatch(ValidationReport.Mismatch mismatch) {
        List<String> place = new ArrayList<>();
        if (mismatch.example() != null) {
            place.add("example " + mismatch.example());
        }
        if (mismatch.output() != null) {
            place.add("output " + mismatch.output());
        }
        if (mismatch.index() != null && mismatch.index() >= 0) { // -1: the whole output
            place.add("index " + mismatch.index());
        }
        List<String> values = new ArrayList<>();
        if (mismatch.expected() != null) {
            values.add("expected " + mismatch.expected());
        }
        if (mismatch.actual() != null) {
            values.add("actual " + mismatch.actual());
        }
        String text = String.join(", ", place);
        if (!values.isEmpty()) {
            text += (text.isEmpty() ? "" : ": ") + String.join(", ", values);
        }
        // The server's message repeats the values; it only helps when they are missing.
        if (values.isEmpty() && mismatch.message() != null && !mismatch.message().isBlank()) {
            text += text.isEmpty() ? mismatch.message() : " (" + mismatch.message() + ")";
        }
        return text.isEmpty() ? "mismatch" : text;
    }

    /** {@code a=1, b=2}, or "-" when empty. */
    static String keyValues(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return NONE;
        }
        return map.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + number(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Whole doubles without ".0": cores 1, not 1.0. */
    static String number(Object value) {
        if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    static String text(Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? NONE : keyValues(castMap(map));
        }
        if (value instanceof List<?> list) {
            return list.isEmpty()
                    ? NONE
                    : list.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        String text = number(value);
        return text.isBlank() ? NONE : text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
