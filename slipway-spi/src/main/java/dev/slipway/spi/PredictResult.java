package dev.slipway.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Outputs of one prediction, batch dimension first. */
public record PredictResult(List<Tensor> outputs) {
    public PredictResult {
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    }

    public static PredictResult of(Tensor... outputs) {
        return new PredictResult(List.of(outputs));
    }

    public Optional<Tensor> output(String name) {
        return outputs.stream().filter(tensor -> tensor.name().equals(name)).findFirst();
    }
}
