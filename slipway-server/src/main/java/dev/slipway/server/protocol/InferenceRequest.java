package dev.slipway.server.protocol;

import dev.slipway.spi.PredictRequest;
import java.util.List;

/**
 * A decoded OIP v2 inference request.
 *
 * @param id the caller's request id, echoed in the response; null when absent
 * @param outputs the outputs asked for, in the caller's order; empty means all
 */
public record InferenceRequest(String id, PredictRequest predict, List<String> outputs) {
    public InferenceRequest {
        outputs = List.copyOf(outputs);
    }
}
