package dev.slipway.server.persistence;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelMetadata;
import dev.slipway.core.registry.ModelRecord;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.RegistryStore;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.server.protocol.GoldenJson;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.SignatureJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The registry in SQL. Thread-safe: every call uses its own handle (and transaction). */
public final class JdbcRegistryStore implements RegistryStore {
    private static final String VERSION_COLUMNS =
            "model, version, format, artifact_sha256, artifact_size, signature_json, golden_count,"
                    + " description, tags_json, lineage_json, metrics_json, runtime_parameters_json,"
                    + " status, created_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcRegistryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<ModelRecord> listModels() {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery("SELECT * FROM models ORDER BY name")
                                .map((rs, ctx) -> model(rs))
                                .list());
    }

    @Override
    public Optional<ModelRecord> findModel(String name) {
        return jdbi.withHandle(handle -> findModel(handle, name));
    }

    private static Optional<ModelRecord> findModel(Handle handle, String name) {
        return handle.createQuery("SELECT * FROM models WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> model(rs))
                .findOne();
    }

    @Override
    public ModelRecord upsertModel(String name, ModelMetadata metadata) {
        return jdbi.inTransaction(
                handle -> {
                    ensureModel(handle, name);
                    ModelRecord current = findModel(handle, name).orElseThrow();
                    handle.createUpdate(
                                    "UPDATE models SET description = :description, owner = :owner,"
                                            + " tags_json = :tags, updated_at = :now WHERE name = :name")
                            .bind("name", name)
                            .bind("description", or(metadata.description(), current.description()))
                            .bind("owner", or(metadata.owner(), current.owner()))
                            .bind("tags", JsonColumns.write(or(metadata.tags(), current.tags())))
                            .bind("now", now())
                            .execute();
                    return findModel(handle, name).orElseThrow();
                });
    }

    /**
     * Inserts the model row unless it exists. ON CONFLICT, not WHERE NOT EXISTS: a transaction
     * cannot see another's uncommitted insert of the same name, so the check alone would pass in
     * both and the second insert would fail on the primary key.
     */
    private void ensureModel(Handle handle, String name) {
        handle.createUpdate(
                        "INSERT INTO models (name, description, owner, tags_json, created_at, updated_at)"
                                + " VALUES (:name, '', '', '{}', :now, :now) ON CONFLICT DO NOTHING")
                .bind("name", name)
                .bind("now", now())
                .execute();
    }

    @Override
    public ModelVersion insertVersion(NewVersion version) {
        return jdbi.inTransaction(
                handle -> {
                    ensureModel(handle, version.model());
                    // Lock the model row so that concurrent registrations get distinct numbers.
                    handle.createQuery("SELECT name FROM models WHERE name = :name FOR UPDATE")
                            .bind("name", version.model())
                            .mapTo(String.class)
                            .one();
                    int number =
                            handle.createQuery(
                                            "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model = :model")
                                    .bind("model", version.model())
                                    .mapTo(Integer.class)
                                    .one();
                    handle.createUpdate(
                                    "INSERT INTO model_versions ("
                                            + VERSION_COLUMNS
                                            + ", golden_json) VALUES (:model, :version, :format, :sha256, :size,"
                                            + " :signature, :goldenCount, :description, :tags, :lineage, :metrics,"
                                            + " :runtimeParameters, :status, :now, :golden)")
                            .bind("model", version.model())
                            .bind("version", number)
                            .bind("format", version.format())
                            .bind("sha256", version.artifact().sha256())
                            .bind("size", version.artifact().size())
                            .bind("signature", SignatureJson.toJson(version.signature()).toString())
                            .bind("goldenCount", version.golden().size())
                            .bind("golden", GoldenJson.toJson(version.golden()))
                            .bind(
                                    "description",
                                    version.description() == null ? "" : version.description())
                            .bind("tags", JsonColumns.write(version.tags()))
                            .bind("lineage", JsonColumns.write(version.lineage()))
                            .bind("metrics", JsonColumns.write(version.metrics()))
                            .bind(
                                    "runtimeParameters",
                                    JsonColumns.write(version.runtimeParameters()))
                            .bind("status", version.status().name())
                            .bind("now", now())
                            .execute();
                    handle.createUpdate("UPDATE models SET updated_at = :now WHERE name = :name")
                            .bind("name", version.model())
                            .bind("now", now())
                            .execute();
                    return findVersion(handle, new ModelVersionId(version.model(), number))
                            .orElseThrow();
                });
    }

    @Override
    public Optional<ModelVersion> findVersion(ModelVersionId id) {
        return jdbi.withHandle(handle -> findVersion(handle, id));
    }

    private static Optional<ModelVersion> findVersion(Handle handle, ModelVersionId id) {
        return handle.createQuery(
                        "SELECT "
                                + VERSION_COLUMNS
                                + " FROM model_versions WHERE model = :model AND version = :version")
                .bind("model", id.model())
                .bind("version", id.version())
                .map((rs, ctx) -> version(rs))
                .findOne();
    }

    @Override
    public List<ModelVersion> listVersions(String model) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT "
                                                + VERSION_COLUMNS
                                                + " FROM model_versions WHERE model = :model ORDER BY version")
                                .bind("model", model)
                                .map((rs, ctx) -> version(rs))
                                .list());
    }

    @Override
    public List<GoldenExample> goldenExamples(ModelVersionId id) {
        String json =
                jdbi.withHandle(
                        handle ->
                                handle.createQuery(
                                                "SELECT golden_json FROM model_versions WHERE model = :model AND version = :version")
                                        .bind("model", id.model())
                                        .bind("version", id.version())
                                        .mapTo(String.class)
                                        .findOne()
                                        .orElse("[]"));
        return GoldenJson.fromJsonText(json);
    }

    @Override
    public void updateStatus(ModelVersionId id, VersionStatus status) {
        jdbi.useHandle(
                handle ->
                        handle.createUpdate(
                                        "UPDATE model_versions SET status = :status WHERE model = :model AND version = :version")
                                .bind("status", status.name())
                                .bind("model", id.model())
                                .bind("version", id.version())
                                .execute());
    }

    @Override
    public void setAlias(String model, String alias, int version) {
        jdbi.useTransaction(
                handle -> {
                    int updated =
                            handle.createUpdate(
                                            "UPDATE model_aliases SET version = :version, updated_at = :now"
                                                    + " WHERE model = :model AND alias = :alias")
                                    .bind("model", model)
                                    .bind("alias", alias)
                                    .bind("version", version)
                                    .bind("now", now())
                                    .execute();
                    if (updated == 0) {
                        handle.createUpdate(
                                        "INSERT INTO model_aliases (model, alias, version, updated_at)"
                                                + " VALUES (:model, :alias, :version, :now)")
                                .bind("model", model)
                                .bind("alias", alias)
                                .bind("version", version)
                                .bind("now", now())
                                .execute();
                    }
                });
    }

    @Override
    public boolean deleteAlias(String model, String alias) {
        return jdbi.withHandle(
                handle ->
                        handle.createUpdate(
                                                "DELETE FROM model_aliases WHERE model = :model AND alias = :alias")
                                        .bind("model", model)
                                        .bind("alias", alias)
                                        .execute()
                                > 0);
    }

    @Override
    public Map<String, Integer> aliases(String model) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        jdbi.useHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT alias, version FROM model_aliases WHERE model = :model ORDER BY alias")
                                .bind("model", model)
                                .map(
                                        (rs, ctx) ->
                                                Map.entry(
                                                        rs.getString("alias"),
                                                        rs.getInt("version")))
                                .forEach(entry -> aliases.put(entry.getKey(), entry.getValue())));
        return aliases;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static ModelRecord model(ResultSet rs) throws SQLException {
        return new ModelRecord(
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("owner"),
                JsonColumns.strings(rs.getString("tags_json")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        try {
            return new ModelVersion(
                    new ModelVersionId(rs.getString("model"), rs.getInt("version")),
                    rs.getString("format"),
                    new ArtifactRef(rs.getString("artifact_sha256"), rs.getLong("artifact_size")),
                    SignatureJson.fromJson(
                            Json.MAPPER.readTree(rs.getString("signature_json")), "signature"),
                    rs.getInt("golden_count"),
                    rs.getString("description"),
                    JsonColumns.strings(rs.getString("tags_json")),
                    JsonColumns.strings(rs.getString("lineage_json")),
                    JsonColumns.numbers(rs.getString("metrics_json")),
                    JsonColumns.strings(rs.getString("runtime_parameters_json")),
                    VersionStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
