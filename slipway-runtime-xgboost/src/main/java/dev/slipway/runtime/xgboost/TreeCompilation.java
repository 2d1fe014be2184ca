package dev.slipway.runtime.xgboost;

import java.util.Objects;

/**
 * The outcome of {@link TreeEnsemble#compile}: the ensemble, or why the model is left to XGBoost4J.
 *
 * <p>Thread-safe: immutable.
 */
sealed interface TreeCompilation {
    static TreeCompilation compiled(TreeEnsemble ensemble) {
        return new Compiled(ensemble);
    }

    static TreeCompilation refused(String reason) {
        return new Refused(reason);
    }

    record Compiled(TreeEnsemble ensemble) implements TreeCompilation {
        public Compiled {
            Objects.requireNonNull(ensemble, "ensemble");
        }
    }

    /**
     * @param reason what the evaluator does not reproduce, e.g. "booster gblinear (a linear model,
     *     not trees)"
     */
    record Refused(String reason) implements TreeCompilation {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
