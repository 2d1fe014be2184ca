package dev.slipway.runtime.xgboost;

import dev.slipway.spi.DataType;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.util.List;

/**
 * The signatures an XGBoost booster can serve: one 2-D input of {@code features} columns and one
 * FP32 output with {@code width} values per row (docs/formats.md).
 *
 * <p>Thread-safe: stateless.
 */
final class XGBoostSignatures {
    static final String DEFAULT_INPUT = "input";
    static final String DEFAULT_OUTPUT = "prediction";

    private XGBoostSignatures() {}

    /** The signature of a booster registered without one. */
    static Signature defaultFor(int features, int width) {
        return new Signature(
                List.of(new TensorSpec(DEFAULT_INPUT, DataType.FP32, new long[] {-1, features})),
                List.of(new TensorSpec(DEFAULT_OUTPUT, DataType.FP32, outputShape(width))));
    }

    /**
     * Checks that a declared signature describes the booster.
     *
     * @throws ModelLoadException naming the first disagreement
     */
    static void requireFits(Signature declared, int features, int width) throws ModelLoadException {
        if (declared.inputs().size() != 1) {
            throw mismatch(
                    "an XGBoost model takes exactly one input, the signature declares "
                            + declared.inputs());
        }
        if (declared.outputs().size() != 1) {
            throw mismatch(
                    "an XGBoost model has exactly one output, the signature declares "
                            + declared.outputs());
        }
        requireInputFits(declared.inputs().get(0), features);
        requireOutputFits(declared.outputs().get(0), width);
    }

    private static void requireInputFits(TensorSpec input, int features) throws ModelLoadException {
        if (input.datatype() != DataType.FP32 && input.datatype() != DataType.FP64) {
            throw mismatch(
                    "input '" + input.name() + "' must be FP32 or FP64, is " + input.datatype());
        }
        long[] shape = input.shape();
        if (shape.length != 2 || shape[0] != -1 || shape[1] < 0) {
            throw mismatch(
                    "input '"
                            + input.name()
                            + "' must have shape [-1, "
                            + features
                            + "] (rows of "
                            + features
                            + " features), is "
                            + Shapes.format(shape));
        }
        if (shape[1] != features) {
            throw mismatch("signature declares " + shape[1] + " features, model has " + features);
        }
    }

    private static void requireOutputFits(TensorSpec output, int width) throws ModelLoadException {
        if (output.datatype() != DataType.FP32) {
            throw mismatch("output '" + output.name() + "' must be FP32, is " + output.datatype());
        }
        long[] shape = output.shape();
        boolean oneValuePerRow = shape.length == 1 && shape[0] == -1;
        boolean valuesPerRow = shape.length == 2 && shape[0] == -1 && shape[1] >= 0;
        if (!oneValuePerRow && !valuesPerRow) {
            throw mismatch(
                    "output '"
                            + output.name()
                            + "' must have shape [-1] or [-1, values per row], is "
                            + Shapes.format(shape));
        }
        if (oneValuePerRow && width != 1) {
            throw mismatch(
                    "output '"
                            + output.name()
                            + "' is declared [-1] (one value per row), but the model predicts "
                            + width
                            + " values per row; declare [-1, "
                            + width
                            + "]");
        }
        if (valuesPerRow && shape[1] != width) {
            throw mismatch(
                    "signature declares "
                            + shape[1]
                            + " values per row for output '"
                            + output.name()
                            + "', model predicts "
                            + width);
        }
    }

    private static long[] outputShape(int width) {
        return width == 1 ? new long[] {-1} : new long[] {-1, width};
    }

    private static ModelLoadException mismatch(String detail) {
        return new ModelLoadException(
                "the declared signature does not fit the XGBoost model: " + detail);
    }
}
