package dev.slipway.server.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.RowTensors;
import dev.slipway.core.job.Row;
import dev.slipway.server.protocol.Json;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON Lines rows: an object per line with a field per input (a number for an input of one column,
 * an array of F numbers for one {@code [-1, F]} input) and the id field, other fields ignored; or
 * an array of the values in signature order, with the id at the {@code idColumn} position (from 1).
 * {@code null} is a missing value (NaN). The key keeps its JSON spelling ({@code 17} or {@code
 * "a-17"}), so the output repeats it as it was. Immutable.
 */
final class JsonlRows implements RowParser {
    private final Signature signature;
    private final int columns;
    private final List<String> inputNames;
    private final boolean matrix;
    private final String idColumn;

    private JsonlRows(Signature signature, String idColumn) {
        this.signature = signature;
        this.columns = RowTensors.columns(signature);
        List<String> names = RowTensors.columnNames(signature);
        this.matrix = names.isEmpty();
        this.inputNames = matrix ? List.of(signature.inputs().getFirst().name()) : names;
        this.idColumn = idColumn;
    }

    /**
     * The parser, checked on the file's first line: that row must parse.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming the file and the problem
     */
    static JsonlRows checked(String file, String firstLine, String idColumn, Signature signature) {
        JsonlRows rows = new JsonlRows(signature, idColumn);
        if (rows.parse(firstLine, 1, 1) instanceof Row.Malformed malformed) {
            throw SlipwayException.invalidArgument(
                    "input " + file + ": the first row " + malformed.reason());
        }
        return rows;
    }

    static JsonlRows of(String idColumn, Signature signature) {
        return new JsonlRows(signature, idColumn);
    }

    @Override
    public Row parse(String text, long number, long line) {
        String key = Long.toString(number);
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                return object(parser, number, line);
            }
            if (token == JsonToken.START_ARRAY) {
                return array(parser, number, line);
            }
            return new Row.Malformed(number, line, key, "is not a JSON object or array");
        } catch (JsonProcessingException e) {
            return new Row.Malformed(
                    number, line, key, "is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Row object(JsonParser parser, long number, long line) throws IOException {
        String key = idColumn == null ? Long.toString(number) : null;
        double[] values = new double[columns];
        boolean[] seen = new boolean[inputNames.size()];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            int input = inputNames.indexOf(field);
            if (field.equals(idColumn)) {
                key = spelling(parser, value);
                if (key == null) {
                    return new Row.Malformed(
                            number, line, Long.toString(number), "'" + field + "' is not a value");
                }
            } else if (input >= 0) {
                String problem =
                        matrix && (columns > 1 || value == JsonToken.START_ARRAY)
                                ? readArray(parser, value, field, values, 0, columns)
                                : readNumber(parser, value, field, values, input);
                if (problem != null) {
                    return new Row.Malformed(number, line, keyOr(key, number), problem);
                }
                seen[input] = true;
            } else if (value.isStructStart()) {
                parser.skipChildren();
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                return new Row.Malformed(
                        number,
                        line,
                        keyOr(key, number),
                        "has no field '" + inputNames.get(i) + "'");
            }
        }
        if (key == null) {
            return new Row.Malformed(
                    number, line, Long.toString(number), "has no field '" + idColumn + "'");
        }
        return new Row.Values(number, line, key, values);
    }

    private Row array(JsonParser parser, long number, long line) throws IOException {
        int idPosition = idColumn == null ? -1 : idPosition();
        int width = columns + (idPosition >= 0 ? 1 : 0);
        double[] values = new double[columns];
        String key = Long.toString(number);
        int position = 0;
        int feature = 0;
        for (JsonToken token = parser.nextToken();
                token != JsonToken.END_ARRAY;
                token = parser.nextToken()) {
            if (position == idPosition) {
                String spelled = spelling(parser, token);
                if (spelled == null) {
                    return new Row.Malformed(number, line, key, "id is not a value");
                }
                key = spelled;
            } else if (feature < columns) {
                String problem =
                        readNumber(parser, token, "value " + (position + 1), values, feature);
                if (problem != null) {
                    return new Row.Malformed(number, line, key, problem);
                }
                feature++;
            } else if (token.isStructStart()) {
                parser.skipChildren();
            }
            position++;
        }
        if (position != width) {
            return new Row.Malformed(
                    number, line, key, "has " + position + " values, expected " + width);
        }
        return new Row.Values(number, line, key, values);
    }

    private int idPosition() {
        try {
            int position = Integer.parseInt(idColumn.trim());
            if (position >= 1) {
                return position - 1;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SlipwayException.invalidArgument(
                "idColumn '" + idColumn + "' must be a position from 1 for rows written as arrays");
    }

    private String readArray(
            JsonParser parser, JsonToken token, String field, double[] values, int from, int count)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            return "'" + field + "' must be an array of " + count + " numbers";
        }
        int read = 0;
        for (JsonToken element = parser.nextToken();
                element != JsonToken.END_ARRAY;
                element = parser.nextToken()) {
            if (read < count) {
                String problem =
                        readNumber(parser, element, field + "[" + read + "]", values, from + read);
                if (problem != null) {
                    return problem;
                }
            } else if (element.isStructStart()) {
                parser.skipChildren();
            }
            read++;
        }
        return read == count
                ? null
                : "'"
                        + field
                        + "' has "
                        + read
                        + " values, the model takes "
                        + count
                        + " ("
                        + RowTensors.describeColumns(signature)
                        + ")";
    }

    private static String readNumber(
            JsonParser parser, JsonToken token, String field, double[] values, int index)
            throws IOException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values[index] = Json.doubleValue(parser);
            case VALUE_NULL -> values[index] = Double.NaN;
            default -> {
                if (token.isStructStart()) {
                    parser.skipChildren();
                }
                return "'" + field + "' is not a number";
            }
        }
        return null;
    }

    /** A scalar's JSON spelling; null for an object or array. */
    private static String spelling(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING ->
                    '"'
                            + new String(
                                    JsonStringEncoder.getInstance().quoteAsString(parser.getText()))
                            + '"';
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                    parser.getText();
            default -> {
                if (token.isStructStart()) {
                    parser.skipChildren();
                }
                yield null;
            }
        };
    }

    private static String keyOr(String key, long number) {
        return key != null ? key : Long.toString(number);
    }
}
