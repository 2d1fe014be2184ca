package dev.slipway.runtime.xgboost;

import dev.slipway.spi.ModelLoadException;

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
        JsonWriter json = new JsonWriter().beginObject();
        switch (objective) {
            // reg:linear is the old name of reg:squarederror, which XGBoost 3 no longer knows.
            case "reg:linear", "reg:squarederror" -> regressionLoss(json, "reg:squarederror");
            case "reg:squaredlogerror", "reg:logistic", "binary:logistic", "binary:logitraw" ->
                    regressionLoss(json, objective);
            case "binary:hinge" -> json.name("name").value(objective);
            case "multi:softmax", "multi:softprob" ->
                    json.name("name")
                            .value(objective)
                            .name("softmax_multiclass_param")
                            .beginObject()
                            .name("num_class")
                            .value(Integer.toString(numClass))
                            .endObject();
            case "count:poisson" -> {
                requireNumber(maxDeltaStep);
                json.name("name")
                        .value(objective)
                        .name("poisson_regression_param")
                        .beginObject()
                        .name("max_delta_step")
                        .value(maxDeltaStep)
                        .endObject();
            }
            default ->
                    throw new ModelLoadException(
                            "cannot convert this legacy binary XGBoost model: it was saved before"
                                    + " XGBoost 1.0 without its objective's parameters, and the"
                                    + " converter knows the defaults of objective '"
                                    + objective
                                    + "' only from newer files; load it in XGBoost 1.x and save"
                                    + " it as JSON");
        }
        return json.endObject().toString();
    }

    private static void regressionLoss(JsonWriter json, String name) {
        json.name("name")
                .value(name)
                .name("reg_loss_param")
                .beginObject()
                .name("scale_pos_weight")
                .value("1")
                .endObject();
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
