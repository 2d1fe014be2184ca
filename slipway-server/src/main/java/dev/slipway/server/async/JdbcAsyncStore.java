package dev.slipway.server.async;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncInvocation.NotificationState.Delivery;
import dev.slipway.core.async.AsyncStatus;
import dev.slipway.core.async.AsyncStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The async queue in SQL. Claims lock the due rows with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL
 * and H2 both take it), so concurrent workers never claim one row twice and never wait on each
 * other; every later transition names the claim's token. Thread-safe.
 */
public final class JdbcAsyncStore implements AsyncStore {
    /** Lease beyond the invocation's timeout before another worker may take it over. */
    static final Duration LEASE_GRACE = Duration.ofSeconds(5);

    private final Jdbi jdbi;

    public JdbcAsyncStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(AsyncInvocation invocation) {
        jdbi.useHandle(
                handle ->
                        handle.createUpdate(
                                        "INSERT INTO async_invocations (id, endpoint, status, input,"
                                                + " content_type, accept, inference_id, attempts,"
                                                + " max_attempts, timeout_ms, created_at, expires_at,"
                                                + " not_before, notify_status, notify_attempts)"
                                                + " VALUES (:id, :endpoint, :status, :input,"
                                                + " :contentType, :accept, :inferenceId, 0,"
                                                + " :maxAttempts, :timeout, :createdAt, :expiresAt,"
                                                + " :notBefore, 'none', 0)")
                                .bind("id", invocation.id())
                                .bind("endpoint", invocation.endpoint())
                                .bind("status", invocation.status().wireName())
                                .bind("input", invocation.input())
                                .bind("contentType", invocation.contentType())
                                .bind("accept", invocation.accept())
                                .bind("inferenceId", invocation.inferenceId())
                                .bind("maxAttempts", invocation.maxAttempts())
                                .bind("timeout", invocation.timeout().toMillis())
                                .bind("createdAt", time(invocation.createdAt()))
                                .bind("expiresAt", time(invocation.expiresAt()))
                                .bind("notBefore", time(invocation.notBefore()))
                                .execute());
    }

    @Override
    public Optional<AsyncInvocation> find(String id) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery("SELECT * FROM async_invocations WHERE id = :id")
                                .bind("id", id)
                                .map((rs, ctx) -> invocation(rs))
                                .findOne());
    }

    @Override
    public List<AsyncInvocation> list(String endpoint, AsyncStatus status, int limit) {
        return jdbi.withHandle(
                handle -> {
                    Query query =
                            handle.createQuery(
                                            "SELECT * FROM async_invocations WHERE"
                                                    + " (:endpoint IS NULL OR endpoint = :endpoint)"
                                                    + " AND (:status IS NULL OR status = :status)"
                                                    + " ORDER BY created_at DESC, id"
                                                    + " FETCH FIRST :limit ROWS ONLY")
                                    .bind("endpoint", endpoint)
                                    .bind("status", status == null ? null : status.wireName())
                                    .bind("limit", limit);
                    return query.map((rs, ctx) -> invocation(rs)).list();
                });
    }

    @Override
    public List<AsyncInvocation> claim(String endpoint, int limit, Instant now, String token) {
        return jdbi.inTransaction(
                handle -> {
                    List<AsyncInvocation> due =
                            handle.createQuery(
                                            "SELECT * FROM async_invocations WHERE endpoint = :endpoint"
                                                    + " AND ((status = 'queued' AND not_before <= :now"
                                                    + " AND expires_at >= :now)"
                                                    + " OR (status = 'running' AND lease_until < :now))"
                                                    + " ORDER BY created_at, id"
                                                    + " FETCH FIRST :limit ROWS ONLY"
                                                    + " FOR UPDATE SKIP LOCKED")
                                    .bind("endpoint", endpoint)
                                    .bind("now", time(now))
                                    .bind("limit", limit)
                                    .map((rs, ctx) -> invocation(rs))
                                    .list();
                    List<AsyncInvocation> claimed = new ArrayList<>(due.size());
                    PreparedBatch update =
                            handle.prepareBatch(
                                    "UPDATE async_invocations SET status = 'running',"
                                            + " attempts = attempts + 1, claim_token = :token,"
                                            + " lease_until = :lease, started_at = :now"
                                            + " WHERE id = :id");
                    for (AsyncInvocation invocation : due) {
                        Instant lease = now.plus(invocation.timeout()).plus(LEASE_GRACE);
                        update.bind("token", token)
                                .bind("lease", time(lease))
                                .bind("now", time(now))
                                .bind("id", invocation.id())
                                .add();
                        claimed.add(invocation.claimed(token, now, lease));
                    }
                    if (!due.isEmpty()) {
                        update.execute();
                    }
                    return claimed;
                });
    }

    @Override
    public boolean succeed(
            String id,
            String token,
            String outputContentType,
            Instant now,
            NotificationState notification) {
        return finish(id, token, AsyncStatus.SUCCEEDED, outputContentType, null, now, notification);
    }

    @Override
    public boolean fail(
            String id, String token, String error, Instant now, NotificationState notification) {
        return finish(id, token, AsyncStatus.FAILED, null, error, now, notification);
    }

    private boolean finish(
            String id,
            String token,
            AsyncStatus status,
            String outputType,
            String error,
            Instant now,
            NotificationState notification) {
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "UPDATE async_invocations SET status = :status,"
                                                        + " output_type = :outputType, error = :error,"
                                                        + " completed_at = :now, claim_token = NULL,"
                                                        + " lease_until = NULL,"
                                                        + " notify_status = :notifyStatus,"
                                                        + " notify_attempts = 0,"
                                                        + " notify_next_at = :notifyAt"
                                                        + " WHERE id = :id AND status = 'running'"
                                                        + " AND claim_token = :token")
                                        .bind("status", status.wireName())
                                        .bind("outputType", outputType)
                                        .bind("error", truncate(error))
                                        .bind("now", time(now))
                                        .bind("notifyStatus", notification.delivery().wireName())
                                        .bind("notifyAt", time(notification.nextAt()))
                                        .bind("id", id)
                                        .bind("token", token)
                                        .execute())
                == 1;
    }

    @Override
    public boolean retryLater(String id, String token, String error, Instant notBefore) {
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "UPDATE async_invocations SET status = 'queued',"
                                                        + " error = :error, not_before = :notBefore,"
                                                        + " claim_token = NULL, lease_until = NULL"
                                                        + " WHERE id = :id AND status = 'running'"
                                                        + " AND claim_token = :token")
                                        .bind("error", truncate(error))
                                        .bind("notBefore", time(notBefore))
                                        .bind("id", id)
                                        .bind("token", token)
                                        .execute())
                == 1;
    }

    @Override
    public List<AsyncInvocation> expired(Instant now, int limit) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM async_invocations WHERE status = 'queued'"
                                                + " AND expires_at < :now ORDER BY expires_at"
                                                + " FETCH FIRST :limit ROWS ONLY")
                                .bind("now", time(now))
                                .bind("limit", limit)
                                .map((rs, ctx) -> invocation(rs))
                                .list());
    }

    @Override
    public boolean expire(String id, String error, Instant now, NotificationState notification) {
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "UPDATE async_invocations SET status = 'expired',"
                                                        + " error = :error, completed_at = :now,"
                                                        + " notify_status = :notifyStatus,"
                                                        + " notify_next_at = :notifyAt"
                                                        + " WHERE id = :id AND status = 'queued'")
                                        .bind("error", truncate(error))
                                        .bind("now", time(now))
                                        .bind("notifyStatus", notification.delivery().wireName())
                                        .bind("notifyAt", time(notification.nextAt()))
                                        .bind("id", id)
                                        .execute())
                == 1;
    }

    @Override
    public Map<String, Integer> openByEndpoint() {
        return jdbi.withHandle(
                handle -> {
                    Map<String, Integer> open = new HashMap<>();
                    handle.createQuery(
                                    "SELECT endpoint, COUNT(*) AS n FROM async_invocations"
                                            + " WHERE status IN ('queued', 'running')"
                                            + " GROUP BY endpoint")
                            .map((rs, ctx) -> Map.entry(rs.getString("endpoint"), rs.getInt("n")))
                            .forEach(entry -> open.put(entry.getKey(), entry.getValue()));
                    return open;
                });
    }

    @Override
    public List<AsyncInvocation> notificationsDue(Instant now, int limit) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM async_invocations WHERE notify_status ="
                                                + " 'pending' AND notify_next_at <= :now"
                                                + " ORDER BY notify_next_at"
                                                + " FETCH FIRST :limit ROWS ONLY")
                                .bind("now", time(now))
                                .bind("limit", limit)
                                .map((rs, ctx) -> invocation(rs))
                                .list());
    }

    @Override
    public void updateNotification(String id, NotificationState notification) {
        jdbi.useHandle(
                handle ->
                        handle.createUpdate(
                                        "UPDATE async_invocations SET notify_status = :status,"
                                                + " notify_attempts = :attempts,"
                                                + " notify_next_at = :nextAt WHERE id = :id")
                                .bind("status", notification.delivery().wireName())
                                .bind("attempts", notification.attempts())
                                .bind("nextAt", time(notification.nextAt()))
                                .bind("id", id)
                                .execute());
    }

    private static AsyncInvocation invocation(ResultSet rs) throws SQLException {
        return new AsyncInvocation(
                rs.getString("id"),
                rs.getString("endpoint"),
                AsyncStatus.fromWire(rs.getString("status")),
                rs.getString("input"),
                rs.getString("content_type"),
                rs.getString("accept"),
                rs.getString("inference_id"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                Duration.ofMillis(rs.getLong("timeout_ms")),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "not_before"),
                rs.getString("claim_token"),
                instant(rs, "lease_until"),
                instant(rs, "started_at"),
                instant(rs, "completed_at"),
                rs.getString("output_type"),
                rs.getString("error"),
                new NotificationState(
                        Delivery.valueOf(rs.getString("notify_status").toUpperCase(Locale.ROOT)),
                        rs.getInt("notify_attempts"),
                        instant(rs, "notify_next_at")));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
