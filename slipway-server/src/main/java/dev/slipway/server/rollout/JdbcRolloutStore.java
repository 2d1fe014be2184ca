package dev.slipway.server.rollout;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.Action;
import dev.slipway.core.rollout.Phase;
import dev.slipway.core.rollout.Rollout;
import dev.slipway.core.rollout.RolloutStore;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** Rollouts in SQL, guarded by a revision column. Thread-safe. */
public final class JdbcRolloutStore implements RolloutStore {
    private final Jdbi jdbi;

    public JdbcRolloutStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Rollout insert(Rollout rollout) {
        return jdbi.inTransaction(
                handle -> {
                    // Lock the endpoint's row: two concurrent starts cannot both see "no active
                    // rollout".
                    handle.createQuery("SELECT name FROM endpoints WHERE name = :name FOR UPDATE")
                            .bind("name", rollout.endpoint())
                            .mapTo(String.class)
                            .findOne();
                    Optional<Long> active =
                            handle.createQuery(
                                            "SELECT id FROM rollouts WHERE endpoint = :endpoint AND active = TRUE")
                                    .bind("endpoint", rollout.endpoint())
                                    .mapTo(Long.class)
                                    .findFirst();
                    if (active.isPresent()) {
                        throw new SlipwayException(
                                ErrorCode.ROLLOUT_ACTIVE,
                                "endpoint '"
                                        + rollout.endpoint()
                                        + "' already has an active rollout ("
                                        + active.get()
                                        + "); approve, abort or wait for it first");
                    }
                    long id =
                            bind(
                                            handle.createUpdate(
                                                    "INSERT INTO rollouts (endpoint, from_model, from_version, to_model,"
                                                            + " to_version, strategy, spec_json, phase, active, step, phase_started_at, pending, reason,"
                                                            + " shadow_done, analysis_json, revision, created_at, updated_at) VALUES (:endpoint,"
                                                            + " :fromModel, :fromVersion, :toModel, :toVersion, :strategy, :spec, :phase, :active,"
                                                            + " :step, :phaseStartedAt, :pending, :reason, :shadowDone, :analysis, 1, :createdAt,"
                                                            + " :updatedAt)"),
                                            rollout)
                                    .executeAndReturnGeneratedKeys("id")
                                    .mapTo(Long.class)
                                    .one();
                    return find(handle, id).orElseThrow();
                });
    }

    @Override
    public Optional<Rollout> find(long id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    private static Optional<Rollout> find(org.jdbi.v3.core.Handle handle, long id) {
        return handle.createQuery("SELECT * FROM rollouts WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rollout(rs))
                .findOne();
    }

    @Override
    public List<Rollout> active() {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery("SELECT * FROM rollouts WHERE active = TRUE ORDER BY id")
                                .map((rs, ctx) -> rollout(rs))
                                .list());
    }

    @Override
    public List<Rollout> recent(String endpoint, int limit) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM rollouts"
                                                + (endpoint == null
                                                        ? ""
                                                        : " WHERE endpoint = :endpoint")
                                                + " ORDER BY id DESC LIMIT :limit")
                                .bind("endpoint", endpoint)
                                .bind("limit", limit)
                                .map((rs, ctx) -> rollout(rs))
                                .list());
    }

    /**
     * One transaction around the work: Jdbi hands nested calls on this thread (this store's and
     * {@code JdbcEventLog}'s, on the same {@link Jdbi}) the transaction's handle.
     */
    @Override
    public <T> T atomically(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }

    @Override
    public Rollout update(Rollout rollout) {
        return jdbi.inTransaction(
                handle -> {
                    int updated =
                            bind(
                                            handle.createUpdate(
                                                    "UPDATE rollouts SET phase = :phase, active = :active, step = :step,"
                                                            + " phase_started_at = :phaseStartedAt, pending = :pending, reason = :reason,"
                                                            + " shadow_done = :shadowDone, analysis_json = :analysis, revision = revision + 1,"
                                                            + " updated_at = :updatedAt WHERE id = :id AND revision = :revision"),
                                            rollout)
                                    .bind("id", rollout.id())
                                    .bind("revision", rollout.revision())
                                    .execute();
                    if (updated == 0) {
                        throw new SlipwayException(
                                ErrorCode.CONCURRENT_UPDATE,
                                "rollout "
                                        + rollout.id()
                                        + " was changed concurrently; read it again and retry");
                    }
                    return find(handle, rollout.id()).orElseThrow();
                });
    }

    @Override
    public Optional<dev.slipway.core.rollout.RolloutSpec> defaultSpec(String endpoint) {
        return jdbi.withHandle(
                        handle ->
                                handle.createQuery(
                                                "SELECT spec_json FROM endpoint_rollout_defaults WHERE endpoint = :endpoint")
                                        .bind("endpoint", endpoint)
                                        .mapTo(String.class)
                                        .findOne())
                .map(JdbcRolloutStore::spec);
    }

    @Override
    public void setDefaultSpec(String endpoint, dev.slipway.core.rollout.RolloutSpec spec) {
        jdbi.useTransaction(
                handle -> {
                    handle.createUpdate(
                                    "DELETE FROM endpoint_rollout_defaults WHERE endpoint = :endpoint")
                            .bind("endpoint", endpoint)
                            .execute();
                    if (spec != null) {
                        handle.createUpdate(
                                        "INSERT INTO endpoint_rollout_defaults (endpoint, spec_json) VALUES (:endpoint, :spec)")
                                .bind("endpoint", endpoint)
                                .bind("spec", RolloutSpecJson.toJson(spec).toString())
                                .execute();
                    }
                });
    }

    private static dev.slipway.core.rollout.RolloutSpec spec(String json) {
        try {
            return RolloutSpecJson.fromJson(Json.MAPPER.readTree(json), "spec", java.util.Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Update bind(Update update, Rollout rollout) {
        return update.bind("endpoint", rollout.endpoint())
                .bind("fromModel", rollout.from().model())
                .bind("fromVersion", rollout.from().version())
                .bind("toModel", rollout.to().model())
                .bind("toVersion", rollout.to().version())
                .bind("strategy", rollout.spec().strategy())
                .bind("spec", RolloutSpecJson.toJson(rollout.spec()).toString())
                .bind("phase", rollout.phase().name())
                .bind("active", !rollout.phase().terminal())
                .bind("step", rollout.step())
                .bind(
                        "phaseStartedAt",
                        OffsetDateTime.ofInstant(rollout.phaseStartedAt(), ZoneOffset.UTC))
                .bind("pending", rollout.pending() == null ? null : rollout.pending().name())
                .bind(
                        "reason",
                        rollout.reason().length() > 4000
                                ? rollout.reason().substring(0, 4000)
                                : rollout.reason())
                .bind("shadowDone", rollout.shadowDone())
                .bind(
                        "analysis",
                        rollout.analysis() == null
                                ? null
                                : AnalysisJson.toJson(rollout.analysis()).toString())
                .bind("createdAt", OffsetDateTime.ofInstant(rollout.createdAt(), ZoneOffset.UTC))
                .bind("updatedAt", OffsetDateTime.ofInstant(rollout.updatedAt(), ZoneOffset.UTC));
    }

    private static Rollout rollout(ResultSet rs) throws SQLException {
        try {
            String pending = rs.getString("pending");
            String analysis = rs.getString("analysis_json");
            return new Rollout(
                    rs.getLong("id"),
                    rs.getString("endpoint"),
                    new ModelVersionId(rs.getString("from_model"), rs.getInt("from_version")),
                    new ModelVersionId(rs.getString("to_model"), rs.getInt("to_version")),
                    RolloutSpecJson.fromJson(
                            Json.MAPPER.readTree(rs.getString("spec_json")),
                            "spec",
                            java.util.Set.of()),
                    Phase.valueOf(rs.getString("phase").toUpperCase(Locale.ROOT)),
                    rs.getInt("step"),
                    rs.getObject("phase_started_at", OffsetDateTime.class).toInstant(),
                    pending == null ? null : Action.valueOf(pending),
                    rs.getString("reason"),
                    rs.getBoolean("shadow_done"),
                    analysis == null ? null : AnalysisJson.fromJson(Json.MAPPER.readTree(analysis)),
                    rs.getLong("revision"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    rs.getObject("updated_at", OffsetDateTime.class).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
