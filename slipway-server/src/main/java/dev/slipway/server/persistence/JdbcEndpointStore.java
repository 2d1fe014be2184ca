package dev.slipway.server.persistence;

import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.Batching;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.endpoint.Resources;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** Endpoints' desired state in SQL, with the generation as an optimistic lock. Thread-safe. */
public final class JdbcEndpointStore implements EndpointStore {
    private final Jdbi jdbi;

    public JdbcEndpointStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Endpoint> list() {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery("SELECT * FROM endpoints ORDER BY name")
                                .map((rs, ctx) -> endpoint(rs))
                                .list());
    }

    @Override
    public Optional<Endpoint> find(String name) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery("SELECT * FROM endpoints WHERE name = :name")
                                .bind("name", name)
                                .map((rs, ctx) -> endpoint(rs))
                                .findOne());
    }

    /**
     * ON CONFLICT, not WHERE NOT EXISTS: concurrent inserts of one name cannot see each other's
     * uncommitted row, so all but one would fail on the primary key instead of ENDPOINT_EXISTS.
     */
    @Override
    public void insert(Endpoint endpoint) {
        int inserted =
                jdbi.withHandle(
                        handle ->
                                bind(
                                                handle.createUpdate(
                                                        "INSERT INTO endpoints (name, model_ref, model, version, copies, candidate_model, candidate_version, candidate_percent, mirror_percent, capture_id,"
                                                                + " max_queue, max_rows, batch_max_size, batch_max_delay_us,"
                                                                + " async_max_concurrency, async_max_attempts, async_ttl_ms, async_timeout_ms,"
                                                                + " notify_success, notify_error, notify_secret,"
                                                                + " cores, memory_bytes, timeout_ms, generation, created_at,"
                                                                + " updated_at) VALUES (:name, :ref, :model, :version, :copies, :candidateModel, :candidateVersion, :candidatePercent, :mirrorPercent, :captureId,"
                                                                + " :maxQueue, :maxRows, :batchMaxSize, :batchMaxDelayUs,"
                                                                + " :asyncMaxConcurrency, :asyncMaxAttempts, :asyncTtl, :asyncTimeout,"
                                                                + " :notifySuccess, :notifyError, :notifySecret,"
                                                                + " :cores, :memory, :timeout, :generation, :createdAt,"
                                                                + " :updatedAt) ON CONFLICT DO NOTHING"),
                                                endpoint)
                                        .execute());
        if (inserted == 0) {
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_EXISTS, "endpoint '" + endpoint.name() + "' already exists");
        }
    }

    @Override
    public void update(Endpoint endpoint, long expectedGeneration) {
        int updated =
                jdbi.withHandle(
                        handle ->
                                bind(
                                                handle.createUpdate(
                                                        "UPDATE endpoints SET model_ref = :ref, model = :model,"
                                                                + " version = :version, copies = :copies, cores = :cores,"
                                                                + " memory_bytes = :memory, timeout_ms = :timeout,"
                                                                + " generation = :generation, updated_at = :updatedAt,"
                                                                + " candidate_model = :candidateModel, candidate_version = :candidateVersion,"
                                                                + " candidate_percent = :candidatePercent, mirror_percent = :mirrorPercent,"
                                                                + " capture_id = :captureId, max_queue = :maxQueue, max_rows = :maxRows,"
                                                                + " batch_max_size = :batchMaxSize, batch_max_delay_us = :batchMaxDelayUs,"
                                                                + " async_max_concurrency = :asyncMaxConcurrency, async_max_attempts = :asyncMaxAttempts,"
                                                                + " async_ttl_ms = :asyncTtl, async_timeout_ms = :asyncTimeout,"
                                                                + " notify_success = :notifySuccess, notify_error = :notifyError,"
                                                                + " notify_secret = :notifySecret"
                                                                + " WHERE name = :name AND generation = :expected"),
                                                endpoint)
                                        .bind("expected", expectedGeneration)
                                        .execute());
        if (updated == 0) {
            throw new SlipwayException(
                    ErrorCode.CONCURRENT_UPDATE,
                    "endpoint '"
                            + endpoint.name()
                            + "' was changed or deleted concurrently; read it again and retry");
        }
    }

    @Override
    public boolean delete(String name) {
        return jdbi.withHandle(
                handle ->
                        handle.createUpdate("DELETE FROM endpoints WHERE name = :name")
                                        .bind("name", name)
                                        .execute()
                                > 0);
    }

    private static Update bind(Update update, Endpoint endpoint) {
        Traffic traffic = endpoint.traffic();
        QueuePolicy queue = endpoint.queue();
        AsyncSettings async = endpoint.async();
        AsyncSettings.Notifications notifications = async.notifications();
        return update.bind("name", endpoint.name())
                .bind("ref", endpoint.ref().toString())
                .bind("model", endpoint.version().model())
                .bind("version", endpoint.version().version())
                .bind("copies", endpoint.copies())
                .bind("cores", endpoint.resources().cores())
                .bind("memory", endpoint.resources().memoryBytes())
                .bind("timeout", endpoint.timeout().toMillis())
                .bind("generation", endpoint.generation())
                .bind("createdAt", OffsetDateTime.ofInstant(endpoint.createdAt(), ZoneOffset.UTC))
                .bind("updatedAt", OffsetDateTime.ofInstant(endpoint.updatedAt(), ZoneOffset.UTC))
                .bind("candidateModel", traffic.hasCandidate() ? traffic.candidate().model() : null)
                .bindByType(
                        "candidateVersion",
                        traffic.hasCandidate() ? traffic.candidate().version() : null,
                        Integer.class)
                .bind("candidatePercent", traffic.candidatePercent())
                .bind("mirrorPercent", traffic.mirrorPercent())
                .bind("captureId", traffic.captureId())
                .bind("maxQueue", queue.maxQueue())
                .bind("maxRows", queue.maxRows())
                .bind("batchMaxSize", queue.batching().maxBatchSize())
                .bind("batchMaxDelayUs", queue.batching().maxDelay().toNanos() / 1_000)
                .bind("asyncMaxConcurrency", async.maxConcurrentPerCopy())
                .bind("asyncMaxAttempts", async.maxAttempts())
                .bind("asyncTtl", async.ttl().toMillis())
                .bind("asyncTimeout", async.invocationTimeout().toMillis())
                .bind(
                        "notifySuccess",
                        notifications == null ? null : text(notifications.onSuccess()))
                .bind("notifyError", notifications == null ? null : text(notifications.onError()))
                .bind("notifySecret", notifications == null ? null : notifications.secret());
    }

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        return new Endpoint(
                rs.getString("name"),
                ModelRef.parse("model_ref", rs.getString("model_ref")),
                new ModelVersionId(rs.getString("model"), rs.getInt("version")),
                rs.getInt("copies"),
                new Resources(rs.getDouble("cores"), rs.getLong("memory_bytes")),
                Duration.ofMillis(rs.getLong("timeout_ms")),
                rs.getLong("generation"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                traffic(rs),
                queue(rs),
                async(rs));
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static AsyncSettings async(ResultSet rs) throws SQLException {
        String success = rs.getString("notify_success");
        String error = rs.getString("notify_error");
        String secret = rs.getString("notify_secret");
        return new AsyncSettings(
                rs.getInt("async_max_concurrency"),
                rs.getInt("async_max_attempts"),
                Duration.ofMillis(rs.getLong("async_ttl_ms")),
                Duration.ofMillis(rs.getLong("async_timeout_ms")),
                secret == null
                        ? null
                        : new AsyncSettings.Notifications(
                                success == null ? null : URI.create(success),
                                error == null ? null : URI.create(error),
                                secret));
    }

    private static QueuePolicy queue(ResultSet rs) throws SQLException {
        return new QueuePolicy(
                rs.getInt("max_queue"),
                rs.getInt("max_rows"),
                new Batching(
                        rs.getInt("batch_max_size"),
                        Duration.ofNanos(rs.getLong("batch_max_delay_us") * 1_000)));
    }

    private static Traffic traffic(ResultSet rs) throws SQLException {
        String model = rs.getString("candidate_model");
        if (model == null) {
            return Traffic.NONE;
        }
        return new Traffic(
                new ModelVersionId(model, rs.getInt("candidate_version")),
                rs.getInt("candidate_percent"),
                rs.getInt("mirror_percent"),
                rs.getString("capture_id"));
    }
}
