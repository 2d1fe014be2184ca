package dev.slipway.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Inputs of one prediction.
 *
 * @param inputs tensors in any order, each named as in the signature
 * @param requestedOutputs outputs the caller wants; empty means all
 * @param parameters per-request parameters, passed through from the protocol untouched
 */
public record PredictRequest(
        List<Tensor> inputs, Set<String> requestedOutputs, Map<String, Object> parameters) {
    public PredictRequest {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        requestedOutputs = Set.copyOf(Objects.requireNonNull(requestedOutputs, "requestedOutputs"));
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
    }

    public static PredictRequest of(Tensor... inputs) {
        return new PredictRequest(List.of(inputs), Set.of(), Map.of());
    }

    public Optional<Tensor> input(String name) {
        for (Tensor tensor : inputs) {
            if (tensor.name().equals(name)) {
                return Optional.of(tensor);
            }
        }
        return Optional.empty();
    }

    /** Whether the caller asked for this output (or for all of them). */
    public boolean wants(String outputName) {
        return requestedOutputs.isEmpty() || requestedOutputs.contains(outputName);
    }
}
