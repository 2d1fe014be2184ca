package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.RowTensors;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabular rows for the SageMaker-style API: {@code text/csv} bodies and {@code {"instances":
 * [[...], ...]}} in; {@code {"predictions": [...]}} or CSV out. A row's columns follow the
 * signature: one input {@code [-1, F]} takes F columns, or several inputs {@code [-1]}/{@code [-1,
 * 1]} take one column each, in signature order. Stateless.
 */
public final class RowsCodec {
    private RowsCodec() {}

    /** Parses CSV rows (no header); an empty cell is a missing value (NaN). */
    public static List<Tensor> fromCsv(byte[] body, Signature signature) {
        int columns = RowTensors.columns(signature);
        // One pass over the characters, cells parsed in place by Jackson's FastDoubleParser: a
        // regex split, a String per cell and the JDK's parseDouble were 20% of a 1-row request.
        char[] text = new String(body, StandardCharsets.UTF_8).toCharArray();
        double[] values = new double[Math.max(16, columns * 4)];
        int rows = 0;
        int lineNumber = 0;
        int lineStart = 0;
        while (lineStart < text.length) {
            int lineEnd = lineStart;
            while (lineEnd < text.length && text[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = lineEnd + 1;
            lineNumber++;
            if (!isBlank(text, lineStart, lineEnd)) {
                if ((rows + 1) * columns > values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                readLine(text, lineStart, lineEnd, lineNumber, values, rows * columns, signature);
                rows++;
            }
            lineStart = next;
        }
        if (rows == 0) {
            throw SlipwayException.invalidInput("CSV body has no rows");
        }
        return RowTensors.toTensors(signature, values, rows);
    }

    private static void readLine(
            char[] text,
            int from,
            int to,
            int lineNumber,
            double[] values,
            int offset,
            Signature signature) {
        int columns = RowTensors.columns(signature);
        int cells = 1;
        for (int i = from; i < to; i++) {
            if (text[i] == ',') {
                cells++;
            }
        }
        if (cells != columns) {
            throw SlipwayException.invalidInput(
                    "CSV line "
                            + lineNumber
                            + " has "
                            + cells
                            + " values, the model expects "
                            + columns
                            + " ("
                            + RowTensors.describeColumns(signature)
                            + ")");
        }
        int cellStart = from;
        for (int c = 0; c < columns; c++) {
            int cellEnd = cellStart;
            while (cellEnd < to && text[cellEnd] != ',') {
                cellEnd++;
            }
            int start = cellStart;
            int end = cellEnd;
            while (start < end && Character.isWhitespace(text[start])) {
                start++;
            }
            while (end > start && Character.isWhitespace(text[end - 1])) {
                end--;
            }
            try {
                values[offset + c] =
                        start == end
                                ? Double.NaN
                                : NumberInput.parseDouble(text, start, end - start, true);
            } catch (NumberFormatException e) {
                throw SlipwayException.invalidInput(
                        "CSV line "
                                + lineNumber
                                + ", column "
                                + (c + 1)
                                + ": '"
                                + new String(text, start, end - start)
                                + "' is not a number");
            }
            cellStart = cellEnd + 1;
        }
    }

    private static boolean isBlank(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text[i])) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code {"instances": [[...], ...]}}. */
    public static List<Tensor> fromInstances(byte[] body, Signature signature) {
        int columns = RowTensors.columns(signature);
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            parser.nextToken();
            TensorJsonReader.expect(
                    parser, JsonToken.START_OBJECT, "request body must be a JSON object");
            List<double[]> rows = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("instances")) {
                    rows = readRows(parser, columns, signature);
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (rows == null || rows.isEmpty()) {
                throw SlipwayException.invalidInput(
                        "'instances' must be a non-empty array of rows");
            }
            double[] values = new double[rows.size() * columns];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r), 0, values, r * columns, columns);
            }
            return RowTensors.toTensors(signature, values, rows.size());
        } catch (JsonParseException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<double[]> readRows(JsonParser parser, int columns, Signature signature)
            throws IOException {
        TensorJsonReader.expect(
                parser, JsonToken.START_ARRAY, "'instances' must be an array of rows");
        List<double[]> rows = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            TensorJsonReader.expect(
                    parser,
                    JsonToken.START_ARRAY,
                    "instances[" + rows.size() + "] must be an array of numbers");
            double[] row = new double[columns];
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonToken token = parser.currentToken();
                if (token != JsonToken.VALUE_NUMBER_INT
                        && token != JsonToken.VALUE_NUMBER_FLOAT
                        && token != JsonToken.VALUE_NULL) {
                    throw SlipwayException.invalidInput(
                            "instances[" + rows.size() + "][" + count + "] must be a number");
                }
                if (count < columns) {
                    row[count] =
                            token == JsonToken.VALUE_NULL ? Double.NaN : Json.doubleValue(parser);
                }
                count++;
            }
            if (count != columns) {
                throw SlipwayException.invalidInput(
                        "instances["
                                + rows.size()
                                + "] has "
                                + count
                                + " values, the model expects "
                                + columns
                                + " ("
                                + RowTensors.describeColumns(signature)
                                + ")");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * {@code {"predictions": [...]}}: per row, the single output's value (a number or a list), or
     * an object by output name when the model has several outputs.
     */
    public static byte[] predictionsJson(PredictResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            List<Tensor> outputs = result.outputs();
            int rows = (int) outputs.getFirst().batchSize();
            json.writeStartObject();
            json.writeArrayFieldStart("predictions");
            for (int r = 0; r < rows; r++) {
                if (outputs.size() == 1) {
                    writeRow(json, outputs.getFirst(), r);
                } else {
                    json.writeStartObject();
                    for (Tensor output : outputs) {
                        json.writeFieldName(output.name());
                        writeRow(json, output, r);
                    }
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One line per row, the outputs' values of that row separated by commas. */
    public static byte[] predictionsCsv(PredictResult result) {
        StringBuilder csv = new StringBuilder();
        int rows = (int) result.outputs().getFirst().batchSize();
        for (int r = 0; r < rows; r++) {
            boolean first = true;
            for (Tensor output : result.outputs()) {
                int width = rowWidth(output);
                for (int w = 0; w < width; w++) {
                    if (!first) {
                        csv.append(',');
                    }
                    first = false;
                    csv.append(format(output, r * width + w));
                }
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Row {@code row} of an output: a number, or an array for an output wider than one value. */
    public static void writeRow(JsonGenerator json, Tensor output, int row) throws IOException {
        int width = rowWidth(output);
        boolean scalar = output.shape().length <= 1;
        if (!scalar) {
            json.writeStartArray();
        }
        for (int w = 0; w < width; w++) {
            int index = row * width + w;
            switch (output.datatype()) {
                case FP32 -> json.writeNumber(output.floats()[index]);
                case BYTES ->
                        json.writeString(
                                new String(output.byteElements()[index], StandardCharsets.UTF_8));
                case BOOL -> json.writeBoolean(output.booleans()[index]);
                case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64 ->
                        json.writeNumber((long) output.getAsDouble(index));
                default -> json.writeNumber(output.getAsDouble(index));
            }
        }
        if (!scalar) {
            json.writeEndArray();
        }
    }

    /** Element {@code index} of an output as CSV text. */
    public static String format(Tensor output, int index) {
        return switch (output.datatype()) {
            case FP32 -> Float.toString(output.floats()[index]);
            case BYTES -> new String(output.byteElements()[index], StandardCharsets.UTF_8);
            case BOOL -> Boolean.toString(output.booleans()[index]);
            case FP64, FP16 -> Double.toString(output.getAsDouble(index));
            default -> Long.toString((long) output.getAsDouble(index));
        };
    }

    /** Values per row of an output. */
    public static int rowWidth(Tensor output) {
        long batch = output.batchSize();
        return batch == 0 ? 0 : (int) (output.elementCount() / batch);
    }
}
