package dev.slipway.core.inference;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a request against a model's signature before it reaches a runtime, so that every caller
 * mistake becomes a 400 that names the tensor and the problem.
 */
public final class InputValidator {
    private static final int FEW_INPUTS = 8;

    private InputValidator() {}

    /**
     * @throws SlipwayException INVALID_INPUT naming the first problem found
     */
    public static void check(Signature signature, PredictRequest request, boolean nanAllowed) {
        List<Tensor> inputs = request.inputs();
        // Most requests have a few inputs: compare their names pairwise rather than allocate a
        // set for every request; a set bounds the work for many.
        Set<String> seen = inputs.size() > FEW_INPUTS ? new HashSet<>() : null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            if (seen != null ? !seen.add(input.name()) : givenBefore(inputs, i)) {
                throw SlipwayException.invalidInput("input '" + input.name() + "' is given twice");
            }
            TensorSpec spec =
                    signature
                            .input(input.name())
                            .orElseThrow(
                                    () ->
                                            SlipwayException.invalidInput(
                                                    "unknown input '"
                                                            + input.name()
                                                            + "' (model inputs: "
                                                            + names(signature)
                                                            + ")"));
            if (spec.datatype() != input.datatype()) {
                throw SlipwayException.invalidInput(
                        "input '"
                                + input.name()
                                + "' has datatype "
                                + input.datatype()
                                + ", the model expects "
                                + spec.datatype());
            }
            if (!spec.accepts(input.shape())) {
                throw SlipwayException.invalidInput(
                        "input '"
                                + input.name()
                                + "' has shape "
                                + Shapes.format(input.shape())
                                + ", the model expects "
                                + Shapes.format(spec.shape())
                                + " (-1 = any size)");
            }
            if (!nanAllowed) {
                requireNoNaN(input);
            }
        }
        // Each input is distinct and names one of the model's, so fewer means one is missing.
        if (inputs.size() < signature.inputs().size()) {
            for (TensorSpec spec : signature.inputs()) {
                if (inputs.stream().noneMatch(input -> input.name().equals(spec.name()))) {
                    throw SlipwayException.invalidInput(
                            "missing input '" + spec.name() + "' (" + spec + ")");
                }
            }
        }
        for (String output : request.requestedOutputs()) {
            if (signature.output(output).isEmpty()) {
                throw SlipwayException.invalidInput(
                        "unknown output '"
                                + output
                                + "' requested (model outputs: "
                                + signature.outputs().stream()
                                        .map(TensorSpec::name)
                                        .collect(Collectors.joining(", "))
                                + ")");
            }
        }
    }

    /** Whether an input before {@code index} has the same name. */
    private static boolean givenBefore(List<Tensor> inputs, int index) {
        String name = inputs.get(index).name();
        for (int i = 0; i < index; i++) {
            if (inputs.get(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void requireNoNaN(Tensor input) {
        if (!input.datatype().isFloatingPoint()) {
            return;
        }
        for (int i = 0; i < input.elementCount(); i++) {
            if (isNaN(input, i)) {
                throw SlipwayException.invalidInput(
                        "input '"
                                + input.name()
                                + "' element "
                                + i
                                + " is NaN, which this model does not accept");
            }
        }
    }

    private static boolean isNaN(Tensor input, int index) {
        return input.datatype() == DataType.FP32
                ? Float.isNaN(input.floats()[index])
                : Double.isNaN(input.getAsDouble(index));
    }

    private static String names(Signature signature) {
        return signature.inputs().stream().map(TensorSpec::name).collect(Collectors.joining(", "));
    }
}
