package dev.slipway.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load one copy.
 *
 * @param threads native threads the copy may use for one inference (its reserved cores)
 * @param declaredSignature the signature registered with the version, if any
 * @param parameters runtime-specific settings, passed through untouched
 */
public record LoadOptions(
        int threads, Optional<Signature> declaredSignature, Map<String, String> parameters) {
    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(declaredSignature, "declaredSignature");
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
    }

    public static LoadOptions defaults() {
        return new LoadOptions(1, Optional.empty(), Map.of());
    }

    public LoadOptions withSignature(Signature signature) {
        return new LoadOptions(threads, Optional.of(signature), parameters);
    }

    public LoadOptions withThreads(int count) {
        return new LoadOptions(count, declaredSignature, parameters);
    }
}
