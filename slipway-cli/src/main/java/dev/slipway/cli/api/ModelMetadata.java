package dev.slipway.cli.api;

import java.util.Map;

/** The body of {@code PUT /api/v1/models/{model}}: the model's editable metadata. */
public record ModelMetadata(String description, String owner, Map<String, String> tags) {
    public ModelMetadata {
        tags = WireCollections.map(tags);
    }
}
