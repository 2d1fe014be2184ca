package dev.slipway.core.golden;

import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first real prediction of a freshly loaded predictor. A copy is ready only after it: the first
 * golden example, which must match, or else a batch of one filled with zeros.
 */
public final class WarmUp {
    private WarmUp() {}

    /**
     * @throws IllegalStateException when the golden example does not match
     * @throws RuntimeException when the prediction itself fails
     */
    public static void run(Predictor predictor, List<GoldenExample> golden) {
        if (!golden.isEmpty()) {
            List<Mismatch> mismatches = GoldenValidator.check(predictor, golden.getFirst());
            if (!mismatches.isEmpty()) {
                throw new IllegalStateException(
                        "warm-up with golden example failed: " + mismatches.getFirst().message());
            }
            return;
        }
        List<Tensor> inputs = new ArrayList<>();
        for (TensorSpec spec : predictor.signature().inputs()) {
            inputs.add(zeros(spec));
        }
        predictor.predict(PredictRequest.of(inputs.toArray(Tensor[]::new)));
    }

    private static Tensor zeros(TensorSpec spec) {
        long[] shape = spec.shape();
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] < 0 ? 1 : shape[i];
        }
        int count = (int) Shapes.elementCount(shape);
        Object data;
        if (spec.datatype() == DataType.BYTES) {
            byte[][] empty = new byte[count][];
            Arrays.fill(empty, new byte[0]);
            data = empty;
        } else {
            data = Array.newInstance(spec.datatype().storage().getComponentType(), count);
        }
        return Tensor.of(spec.name(), spec.datatype(), shape, data);
    }
}
