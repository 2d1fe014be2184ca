package dev.slipway.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The named inputs and outputs of a model version, in declaration order. */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public Signature {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("signature needs at least one input");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("signature needs at least one output");
        }
        requireUniqueNames(inputs, "input");
        requireUniqueNames(outputs, "output");
    }

    public Optional<TensorSpec> input(String name) {
        return named(inputs, name);
    }

    public Optional<TensorSpec> output(String name) {
        return named(outputs, name);
    }

    /** A loop, not a stream: every request looks its inputs up here. */
    private static Optional<TensorSpec> named(List<TensorSpec> specs, String name) {
        for (TensorSpec spec : specs) {
            if (spec.name().equals(name)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    private static void requireUniqueNames(List<TensorSpec> specs, String kind) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec spec : specs) {
            if (!seen.add(spec.name())) {
                throw new IllegalArgumentException(
                        "duplicate " + kind + " name '" + spec.name() + "'");
            }
        }
    }
}
