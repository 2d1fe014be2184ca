package dev.slipway.core.golden;

import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * An input with the outputs the training library produced for it.
 *
 * @param name names the example in reports; defaults to its position
 * @param expectedOutputs a subset of the model's outputs; only these are compared
 */
public record GoldenExample(
        String name, PredictRequest request, List<Tensor> expectedOutputs, Tolerance tolerance) {
    public GoldenExample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        expectedOutputs = List.copyOf(Objects.requireNonNull(expectedOutputs, "expectedOutputs"));
        if (expectedOutputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "golden example '" + name + "' needs at least one expected output");
        }
        tolerance = tolerance == null ? Tolerance.DEFAULT : tolerance;
    }
}
