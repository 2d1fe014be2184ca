package dev.slipway.core.registry;

import java.util.Objects;

/** Identifies one immutable version of a model, written {@code name:version}. */
public record ModelVersionId(String model, int version) {
    public ModelVersionId {
        Objects.requireNonNull(model, "model");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }

    @Override
    public String toString() {
        return model + ":" + version;
    }
}
