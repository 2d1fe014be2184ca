package dev.slipway.runtime.xgboost;

import dev.slipway.spi.ModelLoadException;
import java.util.Map;
import java.util.Optional;

/**
 * What computes a loaded copy's predictions, chosen by the load parameter {@code predictor}:
 * absent, the trees when they verify and XGBoost4J otherwise; {@code trees} requires the trees (the
 * load fails, naming why, when they cannot serve); {@code xgboost4j} never uses them.
 *
 * <p>Thread-safe: immutable.
 */
enum PredictorKind {
    /** {@link TreeEnsemble}, evaluated in Java. */
    TREES("trees"),
    /** {@code Booster.predict}, through XGBoost4J's native library. */
    XGBOOST4J("xgboost4j");

    static final String PARAMETER = "predictor";

    private final String parameterValue;

    PredictorKind(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    String parameterValue() {
        return parameterValue;
    }

    /** The kind the load parameters ask for, or empty to let the load choose. */
    static Optional<PredictorKind> requested(Map<String, String> parameters)
            throws ModelLoadException {
        String value = parameters.get(PARAMETER);
        if (value == null) {
            return Optional.empty();
        }
        for (PredictorKind kind : values()) {
            if (kind.parameterValue.equals(value)) {
                return Optional.of(kind);
            }
        }
        throw new ModelLoadException(
                "unknown XGBoost parameter "
                        + PARAMETER
                        + "="
                        + value
                        + " (use "
                        + TREES.parameterValue
                        + " or "
                        + XGBOOST4J.parameterValue
                        + ", or leave it out)");
    }
}
