package dev.slipway.server.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * Which outputs a request wants as binary tensor data: the request's {@code binary_data_output}
 * parameter for every output, overridden for one output by its own {@code binary_data} parameter
 * (as Triton's binary tensor data extension defines them).
 *
 * @param byDefault the request's {@code binary_data_output}
 * @param perOutput each requested output's {@code binary_data}, where it has one
 */
public record BinaryOutputs(boolean byDefault, Map<String, Boolean> perOutput) {
    /** Every output as JSON: what a request without either parameter gets. */
    public static final BinaryOutputs NONE = new BinaryOutputs(false, Map.of());

    public BinaryOutputs {
        perOutput = Map.copyOf(Objects.requireNonNull(perOutput, "perOutput"));
    }

    public boolean isBinary(String output) {
        Boolean own = perOutput.get(output);
        return own == null ? byDefault : own;
    }

    /** Whether no output can be binary, so the answer is JSON alone. */
    public boolean none() {
        return !byDefault && !perOutput.containsValue(true);
    }
}
