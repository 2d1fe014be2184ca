package dev.slipway.server.job;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.BatchJob;
import dev.slipway.core.job.InputFormat;
import dev.slipway.core.job.JobLocations;
import dev.slipway.core.job.JobSpec;
import dev.slipway.core.job.JobState;
import dev.slipway.core.job.JobStore;
import dev.slipway.core.job.JobTarget;
import dev.slipway.core.job.Shard;
import dev.slipway.core.job.ShardPlanner;
import dev.slipway.core.job.ShardState;
import dev.slipway.core.registry.ModelVersionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Batch jobs and shards in SQL (V6). Writes are guarded by the state they expect, so a repeated
 * write changes nothing. Thread-safe; claims are serialised in this process so that two workers
 * never take the same shard.
 */
public final class JdbcJobStore implements JobStore {
    private final Jdbi jdbi;
    private final Object claims = new Object();

    public JdbcJobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public BatchJob insert(BatchJob job) {
        return jdbi.inTransaction(
                handle -> {
                    if (job.name() != null && findByName(handle, job.name()).isPresent()) {
                        throw new SlipwayException(
                                ErrorCode.JOB_EXISTS,
                                "a batch job named '" + job.name() + "' already exists");
                    }
                    JobSpec spec = job.spec();
                    long id =
                            handle.createUpdate(
                                            "INSERT INTO batch_jobs (name, target, model, version, input, output,"
                                                    + " format, header, id_column, parallelism, mini_batch, shard_rows,"
                                                    + " max_error_ratio, input_location, output_path, errors_path, state,"
                                                    + " cancel_requested, rows_total, shards_total, rows_done, rows_failed,"
                                                    + " shards_done, created_at) VALUES (:name, :target, :model, :version,"
                                                    + " :input, :output, :format, :header, :idColumn, :parallelism,"
                                                    + " :miniBatch, :shardRows, :maxErrorRatio, :inputLocation, :outputPath,"
                                                    + " :errorsPath, :state, FALSE, -1, -1, 0, 0, 0, :createdAt)")
                                    .bind("name", job.name())
                                    .bind("target", spec.target().toString())
                                    .bind(
                                            "model",
                                            job.version() == null ? null : job.version().model())
                                    .bind(
                                            "version",
                                            job.version() == null ? null : job.version().version())
                                    .bind("input", spec.input())
                                    .bind("output", spec.output())
                                    .bind("format", spec.format().name())
                                    .bind("header", spec.header())
                                    .bind("idColumn", spec.idColumn())
                                    .bind("parallelism", spec.parallelism())
                                    .bind("miniBatch", spec.miniBatch())
                                    .bind("shardRows", spec.shardRows())
                                    .bind("maxErrorRatio", spec.maxErrorRatio())
                                    .bind("inputLocation", job.locations().input())
                                    .bind("outputPath", job.locations().output())
                                    .bind("errorsPath", job.locations().errors())
                                    .bind("state", job.state().name())
                                    .bind("createdAt", time(job.createdAt()))
                                    .executeAndReturnGeneratedKeys("id")
                                    .mapTo(Long.class)
                                    .one();
                    return find(handle, id).orElseThrow();
                });
    }

    @Override
    public Optional<BatchJob> find(long id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    private static Optional<BatchJob> find(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM batch_jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> job(rs))
                .findOne();
    }

    @Override
    public Optional<BatchJob> findByName(String name) {
        return jdbi.withHandle(handle -> findByName(handle, name));
    }

    private static Optional<BatchJob> findByName(Handle handle, String name) {
        return handle.createQuery("SELECT * FROM batch_jobs WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> job(rs))
                .findOne();
    }

    @Override
    public List<BatchJob> recent(String name, int limit) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM batch_jobs"
                                                + (name == null ? "" : " WHERE name = :name")
                                                + " ORDER BY id DESC LIMIT :limit")
                                .bind("name", name)
                                .bind("limit", limit)
                                .map((rs, ctx) -> job(rs))
                                .list());
    }

    @Override
    public List<BatchJob> active() {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM batch_jobs WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id")
                                .map((rs, ctx) -> job(rs))
                                .list());
    }

    @Override
    public boolean transition(long id, JobState from, JobState to, String error, Instant at) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException(from + " cannot move to " + to);
        }
        String set =
                to == JobState.RUNNING
                        ? "started_at = COALESCE(started_at, :at)"
                        : "finished_at = :at, error = :error";
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "UPDATE batch_jobs SET state = :to, "
                                                        + set
                                                        + " WHERE id = :id AND state = :from")
                                        .bind("to", to.name())
                                        .bind("from", from.name())
                                        .bind("id", id)
                                        .bind("at", time(at))
                                        .bind("error", truncate(error))
                                        .execute())
                == 1;
    }

    @Override
    public boolean requestCancel(long id) {
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "UPDATE batch_jobs SET cancel_requested = TRUE WHERE id = :id"
                                                        + " AND state IN ('QUEUED', 'RUNNING')")
                                        .bind("id", id)
                                        .execute())
                == 1;
    }

    @Override
    public void savePlan(long id, ShardPlanner.Plan plan) {
        jdbi.useTransaction(
                handle -> {
                    int updated =
                            handle.createUpdate(
                                            "UPDATE batch_jobs SET rows_total = :rows, shards_total = :shards"
                                                    + " WHERE id = :id AND shards_total < 0")
                                    .bind("rows", plan.rows())
                                    .bind("shards", plan.shards().size())
                                    .bind("id", id)
                                    .execute();
                    if (updated == 0 || plan.shards().isEmpty()) {
                        return;
                    }
                    PreparedBatch batch =
                            handle.prepareBatch(
                                    "INSERT INTO batch_job_shards (job_id, shard_index, file, start_offset,"
                                            + " end_offset, first_row, first_line, row_count, state, attempts,"
                                            + " rows_failed) VALUES (:job, :index, :file, :start, :end, :firstRow,"
                                            + " :firstLine, :rows, 'PENDING', 0, 0)");
                    for (Shard shard : plan.shards()) {
                        batch.bind("job", id)
                                .bind("index", shard.index())
                                .bind("file", shard.file())
                                .bind("start", shard.start())
                                .bind("end", shard.end())
                                .bind("firstRow", shard.firstRow())
                                .bind("firstLine", shard.firstLine())
                                .bind("rows", shard.rows())
                                .add();
                    }
                    batch.execute();
                });
    }

    @Override
    public List<Shard> shards(long id) {
        return jdbi.withHandle(
                handle ->
                        handle.createQuery(
                                        "SELECT * FROM batch_job_shards WHERE job_id = :id ORDER BY shard_index")
                                .bind("id", id)
                                .map((rs, ctx) -> shard(rs))
                                .list());
    }

    @Override
    public Optional<Shard> claim(long id) {
        synchronized (claims) {
            return jdbi.inTransaction(
                    handle -> {
                        Optional<Integer> next =
                                handle.createQuery(
                                                "SELECT MIN(shard_index) FROM batch_job_shards"
                                                        + " WHERE job_id = :id AND state = 'PENDING'")
                                        .bind("id", id)
                                        .mapTo(Integer.class)
                                        .findOne();
                        if (next.isEmpty()) {
                            return Optional.<Shard>empty();
                        }
                        int claimed =
                                handle.createUpdate(
                                                "UPDATE batch_job_shards SET state = 'RUNNING', attempts = attempts + 1"
                                                        + " WHERE job_id = :id AND shard_index = :index AND state = 'PENDING'")
                                        .bind("id", id)
                                        .bind("index", next.get())
                                        .execute();
                        if (claimed == 0) {
                            return Optional.<Shard>empty();
                        }
                        return handle.createQuery(
                                        "SELECT * FROM batch_job_shards WHERE job_id = :id AND shard_index = :index")
                                .bind("id", id)
                                .bind("index", next.get())
                                .map((rs, ctx) -> shard(rs))
                                .findOne();
                    });
        }
    }

    @Override
    public void complete(long id, int shard, long rowsFailed) {
        jdbi.useTransaction(
                handle -> {
                    int done =
                            handle.createUpdate(
                                            "UPDATE batch_job_shards SET state = 'DONE', rows_failed = :failed"
                                                    + " WHERE job_id = :id AND shard_index = :index AND state = 'RUNNING'")
                                    .bind("failed", rowsFailed)
                                    .bind("id", id)
                                    .bind("index", shard)
                                    .execute();
                    if (done == 1) {
                        handle.createUpdate(
                                        "UPDATE batch_jobs SET rows_done = rows_done + (SELECT row_count FROM"
                                                + " batch_job_shards WHERE job_id = :id AND shard_index = :index),"
                                                + " rows_failed = rows_failed + :failed, shards_done = shards_done + 1"
                                                + " WHERE id = :id")
                                .bind("failed", rowsFailed)
                                .bind("id", id)
                                .bind("index", shard)
                                .execute();
                    }
                });
    }

    @Override
    public int releaseRunning(long id) {
        return jdbi.withHandle(
                handle ->
                        handle.createUpdate(
                                        "UPDATE batch_job_shards SET state = 'PENDING'"
                                                + " WHERE job_id = :id AND state = 'RUNNING'")
                                .bind("id", id)
                                .execute());
    }

    private static BatchJob job(ResultSet rs) throws SQLException {
        String model = rs.getString("model");
        Object header = rs.getObject("header");
        JobSpec spec =
                new JobSpec(
                        JobTarget.parse("target", rs.getString("target")),
                        rs.getString("input"),
                        rs.getString("output"),
                        InputFormat.valueOf(rs.getString("format")),
                        header == null ? null : rs.getBoolean("header"),
                        rs.getString("id_column"),
                        rs.getInt("parallelism"),
                        rs.getInt("mini_batch"),
                        rs.getInt("shard_rows"),
                        rs.getDouble("max_error_ratio"));
        return new BatchJob(
                rs.getLong("id"),
                rs.getString("name"),
                spec,
                new JobLocations(
                        rs.getString("input_location"),
                        rs.getString("output_path"),
                        rs.getString("errors_path")),
                model == null ? null : new ModelVersionId(model, rs.getInt("version")),
                JobState.valueOf(rs.getString("state")),
                rs.getBoolean("cancel_requested"),
                rs.getString("error"),
                rs.getLong("rows_total"),
                rs.getInt("shards_total"),
                rs.getLong("rows_done"),
                rs.getLong("rows_failed"),
                rs.getInt("shards_done"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Shard shard(ResultSet rs) throws SQLException {
        return new Shard(
                rs.getInt("shard_index"),
                rs.getString("file"),
                rs.getLong("start_offset"),
                rs.getLong("end_offset"),
                rs.getLong("first_row"),
                rs.getLong("first_line"),
                rs.getLong("row_count"),
                ShardState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                rs.getLong("rows_failed"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 4000);
    }
}
