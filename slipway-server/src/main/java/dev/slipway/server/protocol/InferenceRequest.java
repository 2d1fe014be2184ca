package dev.slipway.server.protocol;

import dev.slipway.spi.PredictRequest;
import java.util.List;
import java.util.Objects;

/**
 * A decoded OIP v2 inference request.
 *
 * @param id the caller's request id, echoed in the response; null when absent
 * @param outputs the outputs asked for, in the caller's order; empty means all
 * @param binaryOutputs the outputs to answer as binary tensor data
 */
public record InferenceRequest(
        String id, PredictRequest predict, List<String> outputs, BinaryOutputs binaryOutputs) {
    public InferenceRequest {
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(binaryOutputs, "binaryOutputs");
    }

    /** A request answered in JSON alone. */
    public InferenceRequest(String id, PredictRequest predict, List<String> outputs) {
        this(id, predict, outputs, BinaryOutputs.NONE);
    }
}
