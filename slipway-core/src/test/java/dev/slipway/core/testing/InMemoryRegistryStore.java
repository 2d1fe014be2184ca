package dev.slipway.core.testing;

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelMetadata;
import dev.slipway.core.registry.ModelRecord;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.RegistryStore;
import dev.slipway.core.registry.VersionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Models, versions, golden examples and aliases in maps; numbers versions like the SQL store (one
 * more than the highest). Thread-safe (methods are synchronized).
 */
public final class InMemoryRegistryStore implements RegistryStore {
    private final Clock clock;
    private final Map<String, ModelRecord> models = new TreeMap<>();
    private final Map<String, List<ModelVersion>> versions = new HashMap<>();
    private final Map<ModelVersionId, List<GoldenExample>> golden = new HashMap<>();
    private final Map<String, Map<String, Integer>> aliases = new HashMap<>();

    public InMemoryRegistryStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<ModelRecord> listModels() {
        return List.copyOf(models.values());
    }

    @Override
    public synchronized Optional<ModelRecord> findModel(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public synchronized ModelRecord upsertModel(String name, ModelMetadata metadata) {
        Instant now = clock.instant();
        ModelRecord current = models.get(name);
        ModelRecord updated =
                current == null
                        ? new ModelRecord(
                                name,
                                metadata.description(),
                                metadata.owner(),
                                metadata.tags(),
                                now,
                                now)
                        : new ModelRecord(
                                name,
                                or(metadata.description(), current.description()),
                                or(metadata.owner(), current.owner()),
                                or(metadata.tags(), current.tags()),
                                current.createdAt(),
                                now);
        models.put(name, updated);
        return updated;
    }

    @Override
    public synchronized ModelVersion insertVersion(NewVersion version) {
        if (!models.containsKey(version.model())) {
            upsertModel(version.model(), ModelMetadata.empty());
        }
        List<ModelVersion> existing =
                versions.computeIfAbsent(version.model(), model -> new ArrayList<>());
        int number = existing.isEmpty() ? 1 : existing.getLast().id().version() + 1;
        ModelVersion stored =
                new ModelVersion(
                        new ModelVersionId(version.model(), number),
                        version.format(),
                        version.artifact(),
                        version.signature(),
                        version.golden().size(),
                        version.description(),
                        version.tags(),
                        version.lineage(),
                        version.metrics(),
                        version.runtimeParameters(),
                        version.status(),
                        clock.instant());
        existing.add(stored);
        golden.put(stored.id(), List.copyOf(version.golden()));
        return stored;
    }

    @Override
    public synchronized Optional<ModelVersion> findVersion(ModelVersionId id) {
        return versions.getOrDefault(id.model(), List.of()).stream()
                .filter(version -> version.id().equals(id))
                .findFirst();
    }

    @Override
    public synchronized List<ModelVersion> listVersions(String model) {
        return List.copyOf(versions.getOrDefault(model, List.of()));
    }

    @Override
    public synchronized List<GoldenExample> goldenExamples(ModelVersionId id) {
        return golden.getOrDefault(id, List.of());
    }

    @Override
    public synchronized void updateStatus(ModelVersionId id, VersionStatus status) {
        List<ModelVersion> list = versions.getOrDefault(id.model(), List.of());
        list.replaceAll(version -> version.id().equals(id) ? version.withStatus(status) : version);
    }

    @Override
    public synchronized void setAlias(String model, String alias, int version) {
        aliases.computeIfAbsent(model, name -> new TreeMap<>()).put(alias, version);
    }

    @Override
    public synchronized boolean deleteAlias(String model, String alias) {
        return aliases.getOrDefault(model, new TreeMap<>()).remove(alias) != null;
    }

    @Override
    public synchronized Map<String, Integer> aliases(String model) {
        return Map.copyOf(aliases.getOrDefault(model, Map.of()));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
