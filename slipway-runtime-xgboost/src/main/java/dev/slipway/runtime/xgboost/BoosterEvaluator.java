package dev.slipway.runtime.xgboost;

import dev.slipway.spi.PredictionException;
import java.util.concurrent.locks.ReentrantLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Predicts with XGBoost4J: one {@code Booster.predict} call per request.
 *
 * <p>Thread-safe, but predictions run one at a time. {@code Booster.predict} mutates the native
 * learner (lazy configuration, a prediction cache). XGBoost4J 2.1.4 serialised it with a {@code
 * synchronized} method; 3.4.0 no longer does, so this class's own lock is what keeps concurrent
 * predictions on one booster apart. Building the input matrix runs outside the lock, in parallel.
 * One prediction uses the booster's {@code nthread} native threads; more throughput means more
 * copies.
 */
final class BoosterEvaluator implements RowEvaluator {
    private final Booster booster;
    private final int features;
    private final int width;
    private final ReentrantLock predictLock = new ReentrantLock();

    BoosterEvaluator(Booster booster, int features, int width) {
        this.booster = booster;
        this.features = features;
        this.width = width;
    }

    @Override
    public PredictorKind kind() {
        return PredictorKind.XGBOOST4J;
    }

    /** Never: each call is a native call behind this class's lock, tens of microseconds. */
    @Override
    public boolean runsInline(int rowCount) {
        return false;
    }

    /** Normal predictions (probabilities for classifiers, not margins), flattened row-major. */
    @Override
    public float[] predict(float[] rows, int rowCount) {
        DMatrix matrix = null;
        try {
            // NaN marks a missing value, which XGBoost routes down each tree's default branch.
            matrix = new DMatrix(rows, rowCount, features, Float.NaN);
            float[][] predictions;
            predictLock.lock();
            try {
                predictions = booster.predict(matrix);
            } finally {
                predictLock.unlock();
            }
            return flatten(predictions, rowCount);
        } catch (XGBoostError e) {
            throw PredictionException.failure("XGBoost failed: " + XGBoostErrors.summary(e), e);
        } finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    @Override
    public void close() {
        booster.dispose();
    }

    private float[] flatten(float[][] predictions, int rowCount) {
        if (predictions.length != rowCount) {
            throw unexpectedWidth(predictions.length + " rows for " + rowCount);
        }
        float[] values = new float[rowCount * width];
        for (int row = 0; row < rowCount; row++) {
            if (predictions[row].length != width) {
                throw unexpectedWidth(predictions[row].length + " values per row, not " + width);
            }
            System.arraycopy(predictions[row], 0, values, row * width, width);
        }
        return values;
    }

    private static PredictionException unexpectedWidth(String detail) {
        return PredictionException.failure("XGBoost returned " + detail, null);
    }
}
