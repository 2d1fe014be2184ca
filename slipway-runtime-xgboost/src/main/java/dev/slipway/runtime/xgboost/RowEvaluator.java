package dev.slipway.runtime.xgboost;

/**
 * Computes an XGBoost model's predictions for {@link XGBoostPredictor}, which checks the inputs
 * first: rows of features in (row-major, NaN for missing, no infinities), {@code width} values per
 * row out, row-major.
 *
 * <p>Implementations are thread-safe.
 */
sealed interface RowEvaluator permits BoosterEvaluator, TreeEnsemble {
    PredictorKind kind();

    /**
     * @throws dev.slipway.spi.PredictionException if the evaluator fails
     */
    float[] predict(float[] rows, int rowCount);

    /** See {@link dev.slipway.spi.Predictor#runsInline}. */
    boolean runsInline(int rowCount);

    /** Releases what the evaluator holds outside the Java heap. */
    void close();
}
