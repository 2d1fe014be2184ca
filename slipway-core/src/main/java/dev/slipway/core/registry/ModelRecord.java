package dev.slipway.core.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A named family of versions, with its descriptive metadata. */
public record ModelRecord(
        String name,
        String description,
        String owner,
        Map<String, String> tags,
        Instant createdAt,
        Instant updatedAt) {
    public ModelRecord {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        owner = owner == null ? "" : owner;
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
