package dev.slipway.core.registry;

import java.util.Map;

/** The editable part of a model; a null field means "leave as it is". */
public record ModelMetadata(String description, String owner, Map<String, String> tags) {
    public ModelMetadata {
        tags = tags == null ? null : Map.copyOf(tags);
    }

    public static ModelMetadata empty() {
        return new ModelMetadata(null, null, null);
    }
}
