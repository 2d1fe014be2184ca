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

/**
 * One loaded copy of an XGBoost model: rows of features in, {@code width} values per row out. It
 * checks the request against the signature and hands the rows to its {@link RowEvaluator}: the
 * {@link TreeEnsemble} when it verified at load, else XGBoost4J ({@link BoosterEvaluator}).
 *
 * <p>Thread-safe: the evaluators are; see each for how concurrent predictions proceed.
 */
final class XGBoostPredictor implements Predictor {
    private final RowEvaluator evaluator;
    private final Signature signature;
    private final TensorSpec input;
    private final TensorSpec output;
    private final int features;
    private final int width;

    XGBoostPredictor(RowEvaluator evaluator, Signature signature, int features, int width) {
        this.evaluator = evaluator;
        this.signature = signature;
        this.input = signature.inputs().get(0);
        this.output = signature.outputs().get(0);
        this.features = features;
        this.width = width;
    }

    /** Which evaluator serves this copy. */
    PredictorKind predictorKind() {
        return evaluator.kind();
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
    public boolean runsInline(int rows) {
        return evaluator.runsInline(rows);
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
        float[] values = rowCount == 0 ? new float[0] : evaluator.predict(features(rows), rowCount);
        long[] shape =
                output.shape().length == 1 ? new long[] {rowCount} : new long[] {rowCount, width};
        return PredictResult.of(Tensor.ofFloats(output.name(), shape, values));
    }

    @Override
    public void close() {
        evaluator.close();
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
}
