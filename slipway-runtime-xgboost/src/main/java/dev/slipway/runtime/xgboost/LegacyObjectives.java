package dev.slipway.runtime.xgboost;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.spi.ModelLoadException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The {@code objective} object of a JSON model converted from the legacy binary format.
 *
 * <p>Since XGBoost 1.0 the binary file carries it, as JSON text in the "objective" attribute; older
 * files name the objective only, and XGBoost loaded them with its default parameters. For those,
 * this class writes the configuration XGBoost 1.7 reports ({@code save_config()}) for the common
 * objectives with their defaults, and refuses the others by name rather than guess their
 * parameters.
 *
 * <p>Thread-safe: stateless.
 */
final class LegacyObjectives {
    /** count:poisson's default, as XGBoost writes it. */
    static final String DEFAULT_MAX_DELTA_STEP = "0.7";

    private LegacyObjectives() {}

    /**
     * Checks that the saved configuration is a JSON object naming the header's objective, so that a
     * damaged attribute fails here, with a message, rather than as a different model.
     */
    static void requireNamed(String config, String objective) throws ModelLoadException {
        String stripped = config.strip();
        if (!stripped.startsWith("{")
                || !stripped.endsWith("}")
                || !stripped.contains("\"name\":\"" + objective + "\"")) {
            throw LegacyBinaryReader.malformed(
                    "the saved objective configuration does not describe objective '"
                            + objective
                            + "': "
                            + (config.length() > 80 ? config.substring(0, 80) + "..." : config));
        }
    }

    /** The configuration 1.7 gives {@code objective} with its default parameters. */
    static String defaultConfig(String objective, int numClass, String maxDeltaStep)
            throws ModelLoadException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = XGBoostJson.generator(out)) {
            json.writeStartObject();
            switch (objective) {
                // reg:linear is the old name of reg:squarederror, which XGBoost 3 no longer knows.
                case "reg:linear", "reg:squarederror" -> regressionLoss(json, "reg:squarederror");
                case "reg:squaredlogerror", "reg:logistic", "binary:logistic", "binary:logitraw" ->
                        regressionLoss(json, objective);
                case "binary:hinge" -> json.writeStringField("name", objective);
                case "multi:softmax", "multi:softprob" -> {
                    json.writeStringField("name", objective);
                    json.writeObjectFieldStart("softmax_multiclass_param");
                    json.writeStringField("num_class", Integer.toString(numClass));
                    json.writeEndObject();
                }
                case "count:poisson" -> {
                    requireNumber(maxDeltaStep);
                    json.writeStringField("name", objective);
                    json.writeObjectFieldStart("poisson_regression_param");
                    json.writeStringField("max_delta_step", maxDeltaStep);
                    json.writeEndObject();
                }
                default ->
                        throw new ModelLoadException(
                                "cannot convert this legacy binary XGBoost model: it was saved"
                                        + " before XGBoost 1.0 without its objective's parameters,"
                                        + " and the converter knows the defaults of objective '"
                                        + objective
                                        + "' only from newer files; load it in XGBoost 1.x and"
                                        + " save it as JSON");
            }
            json.writeEndObject();
        } catch (IOException e) {
            // Jackson declares IOException; a StringWriter never throws it.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void regressionLoss(JsonGenerator json, String name) throws IOException {
        json.writeStringField("name", name);
        json.writeObjectFieldStart("reg_loss_param");
        json.writeStringField("scale_pos_weight", "1");
        json.writeEndObject();
    }

    private static void requireNumber(String maxDeltaStep) throws ModelLoadException {
        try {
            if (Float.isFinite(Float.parseFloat(maxDeltaStep))) {
                return;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw LegacyBinaryReader.malformed(
                "count:poisson's max_delta_step is '" + maxDeltaStep + "', not a number");
    }
}
