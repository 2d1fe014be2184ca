package dev.slipway.cli.api;

import java.util.List;
import java.util.Map;

/**
 * A model as {@code GET /api/v1/models/{model}} answers it. {@code versions} is empty in list
 * answers, which leave it out.
 */
public record Model(
        String name,
        String description,
        String owner,
        Map<String, String> tags,
        Map<String, Integer> aliases,
        Integer latestVersion,
        String createdAt,
        String updatedAt,
        List<ModelVersion> versions) {

    public Model {
        tags = WireCollections.map(tags);
        aliases = WireCollections.map(aliases);
        versions = WireCollections.list(versions);
    }
}
