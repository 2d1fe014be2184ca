package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One model written by make_legacy_model.py with XGBoost 1.7: its legacy binary file, the JSON 1.7
 * writes for it, and 1.7's predictions for a few rows (NaN = missing).
 */
record LegacyFixture(
        String name, byte[] binary, JsonNode json, float[][] rows, float[][] predictions) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every fixture, as the parameterised tests name them. */
    static final String[] NAMES = {
        "binary-logistic",
        "multi-softprob",
        "reg-squarederror",
        "dart",
        "gblinear",
        "count-poisson",
        "missing-values",
        "attributes"
    };

    static LegacyFixture named(String name) {
        try {
            JsonNode golden = MAPPER.readTree(Files.readAllBytes(resource(name + ".golden.json")));
            return new LegacyFixture(
                    name,
                    Files.readAllBytes(resource(name + ".bin")),
                    MAPPER.readTree(Files.readAllBytes(resource(name + ".json"))),
                    matrix(golden.get("rows")),
                    matrix(golden.get("predictions")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    int features() {
        return rows[0].length;
    }

    float[] flatRows() {
        float[] flat = new float[rows.length * features()];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, flat, row * features(), features());
        }
        return flat;
    }

    /** JSON null stands for NaN, which JSON cannot spell. */
    private static float[][] matrix(JsonNode array) {
        float[][] matrix = new float[array.size()][];
        for (int row = 0; row < array.size(); row++) {
            JsonNode values = array.get(row);
            matrix[row] = new float[values.size()];
            for (int column = 0; column < values.size(); column++) {
                JsonNode value = values.get(column);
                matrix[row][column] = value.isNull() ? Float.NaN : value.floatValue();
            }
        }
        return matrix;
    }

    private static Path resource(String file) {
        try {
            return Path.of(LegacyFixture.class.getResource("/legacy/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource legacy/" + file, e);
        }
    }
}
