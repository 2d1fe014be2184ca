package dev.slipway.runtime.xgboost;

import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.util.concurrent.locks.ReentrantLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One loaded copy of an XGBoost model: rows of features in, {@code width} values per row out.
 *
 * <p>Thread-safe, but predictions on one copy run one at a time. {@code Booster.predict} mutates
 * the native learner (lazy configuration, a prediction cache). XGBoost4J 2.1.4 serialised it with a
 * {@code synchronized} method; 3.4.0 no longer does, so this class's own lock is what keeps
 * concurrent predictions on one booster apart. Building the input matrix runs outside the lock, in
 * parallel. One prediction uses {@code threads} native threads; more throughput means more copies.
 */
final class XGBoostPredictor implements Predictor {
    private final Booster booster;
    private final Signature signature;
    private final TensorSpec input;
    private final TensorSpec output;
    private final int features;
    private final int width;
    private final ReentrantLock predictLock = new ReentrantLock();

    XGBoostPredictor(Booster booster, Signature signature, int features, int width) {
        this.booster = booster;
        this.signature = signature;
        this.input = signature.inputs().get(0);
        this.output = signature.outputs().get(0);
        this.features = features;
        this.width = width;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    /** XGBoost reads NaN as a missing value and routes it down each split's default branch. */
    @Override
    public boolean acceptsNaN() {
        return true;
    }

    @Override
    public PredictResult predict(PredictRequest request) {
        for (String name : request.requestedOutputs()) {
            if (!name.equals(output.name())) {
                throw PredictionException.invalidInput(
                        "unknown output '" + name + "' (the model has '" + output.name() + "')");
            }
        }
        Tensor rows = rowsOf(request);
        int rowCount = Math.toIntExact(rows.shape()[0]);
        float[] values = rowCount == 0 ? new float[0] : predict(features(rows), rowCount);
        long[] shape =
                output.shape().length == 1 ? new long[] {rowCount} : new long[] {rowCount, width};
        return PredictResult.of(Tensor.ofFloats(output.name(), shape, values));
    }

    @Override
    public void close() {
        booster.dispose();
    }

    /** Normal predictions (probabilities for classifiers, not margins), flattened row-major. */
    private float[] predict(float[] features, int rowCount) {
        DMatrix matrix = null;
        try {
            // NaN marks a missing value, which XGBoost routes down each tree's default branch.
            matrix = new DMatrix(features, rowCount, this.features, Float.NaN);
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

    private Tensor rowsOf(PredictRequest request) {
        Tensor rows =
                request.input(input.name())
                        .orElseThrow(
                                () ->
                                        PredictionException.invalidInput(
                                                "missing input '" + input.name() + "'"));
        for (Tensor tensor : request.inputs()) {
            if (!tensor.name().equals(input.name())) {
                throw PredictionException.invalidInput(
                        "unknown input '"
                                + tensor.name()
                                + "' (the model has '"
                                + input.name()
                                + "')");
            }
        }
        if (rows.datatype() != input.datatype()) {
            throw PredictionException.invalidInput(
                    "input '"
                            + input.name()
                            + "' must be "
                            + input.datatype()
                            + ", got "
                            + rows.datatype());
        }
        if (!input.accepts(rows.shape())) {
            throw PredictionException.invalidInput(
                    "input '"
                            + input.name()
                            + "' has shape "
                            + Shapes.format(rows.shape())
                            + ", the model accepts "
                            + Shapes.format(input.shape()));
        }
        return rows;
    }

    /**
     * The row-major features as floats, XGBoost's only input type. Infinite values are rejected:
     * XGBoost refuses them (only NaN means missing), and an FP64 beyond the float range becomes
     * one.
     */
    private float[] features(Tensor rows) {
        float[] values;
        if (rows.datatype() == DataType.FP64) {
            double[] doubles = rows.doubles();
            values = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                values[i] = (float) doubles[i];
            }
        } else {
            values = rows.floats();
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.isInfinite(values[i])) {
                throw PredictionException.invalidInput(
                        "input '"
                                + input.name()
                                + "' row "
                                + i / features
                                + " feature "
                                + i % features
                                + " is "
                                + (rows.datatype() == DataType.FP64 ? rows.doubles()[i] : values[i])
                                + "; XGBoost accepts finite values and NaN (missing)");
            }
        }
        return values;
    }

    private static PredictionException unexpectedWidth(String detail) {
        return PredictionException.failure("XGBoost returned " + detail, null);
    }
}
