package dev.slipway.server.job;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.job.InputFormat;
import dev.slipway.core.job.JobSpec;
import dev.slipway.core.job.Row;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.RowsCodec;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a job writes. The output has the input's format: CSV with a header line ({@code
 * id,probability} or {@code row,...}; an output of width W gives columns {@code name_0..name_W-1})
 * or JSON Lines ({@code {"id": ..., "probability": 0.93}}). The key comes first, as written in the
 * input; without an id column it is the row number. The errors file is CSV: {@code
 * row,file,line,id,reason}. Immutable.
 */
final class OutputLines {
    static final String ERRORS_HEADER = "row,file,line,id,reason";

    private final InputFormat format;
    private final String keyName;
    private final List<TensorSpec> outputs;

    OutputLines(JobSpec spec, Signature signature) {
        this.format = spec.format();
        String id = spec.idColumn();
        this.keyName = id == null ? "row" : id.chars().allMatch(Character::isDigit) ? "id" : id;
        this.outputs = signature.outputs();
    }

    /** The first line of a CSV output, or null for JSON Lines. */
    String header() {
        if (format != InputFormat.CSV) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        columns.add(CsvRows.quote(keyName));
        for (TensorSpec output : outputs) {
            long width = width(output);
            if (width == 1) {
                columns.add(CsvRows.quote(output.name()));
            } else {
                for (int w = 0; w < width; w++) {
                    columns.add(CsvRows.quote(output.name() + "_" + w));
                }
            }
        }
        return String.join(",", columns);
    }

    /** Appends one line per row, in order. */
    void write(StringBuilder lines, List<Row.Values> rows, PredictResult result) {
        List<Tensor> tensors = inSignatureOrder(result);
        for (int r = 0; r < rows.size(); r++) {
            if (format == InputFormat.CSV) {
                lines.append(CsvRows.quote(rows.get(r).key()));
                for (Tensor tensor : tensors) {
                    int width = RowsCodec.rowWidth(tensor);
                    for (int w = 0; w < width; w++) {
                        lines.append(',').append(RowsCodec.format(tensor, r * width + w));
                    }
                }
            } else {
                lines.append(jsonLine(rows.get(r).key(), tensors, r));
            }
            lines.append('\n');
        }
    }

    /** One line of the errors file. */
    static String error(Row row, String file, String reason) {
        return row.number()
                + ","
                + CsvRows.quote(file)
                + ","
                + row.line()
                + ","
                + CsvRows.quote(row.key())
                + ","
                + CsvRows.quote(reason.replace('\n', ' '))
                + "\n";
    }

    private String jsonLine(String key, List<Tensor> tensors, int row) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeFieldName(keyName);
            json.writeRawValue(key);
            for (Tensor tensor : tensors) {
                json.writeFieldName(tensor.name());
                RowsCodec.writeRow(json, tensor, row);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private List<Tensor> inSignatureOrder(PredictResult result) {
        List<Tensor> ordered = new ArrayList<>();
        for (TensorSpec output : outputs) {
            result.output(output.name()).ifPresent(ordered::add);
        }
        return ordered.size() == result.outputs().size() ? ordered : result.outputs();
    }

    private static long width(TensorSpec output) {
        long[] shape = output.shape();
        long width = 1;
        for (int d = 1; d < shape.length; d++) {
            if (shape[d] < 0) {
                return 1;
            }
            width *= shape[d];
        }
        return width;
    }
}
