package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.BatchJob;
import dev.slipway.core.job.InputFormat;
import dev.slipway.core.job.JobService;
import dev.slipway.core.job.JobSpec;
import dev.slipway.core.job.JobStatus;
import dev.slipway.core.job.JobTarget;
import dev.slipway.core.job.Shard;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Set;

/** {@code /api/v1/jobs}: batch jobs. Handlers only record intent; the job scheduler runs them. */
public final class JobRoutes {
    private static final Set<String> BATCH_FIELDS =
            Set.of(
                    "name",
                    "target",
                    "input",
                    "output",
                    "format",
                    "header",
                    "idColumn",
                    "parallelism",
                    "miniBatch",
                    "shardRows",
                    "maxErrorRatio");

    private final JobService jobs;
    private final WorkerPool blocking;

    public JobRoutes(JobService jobs, WorkerPool blocking) {
        this.jobs = jobs;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.post("/api/v1/jobs/batch").handler(this::create);
        router.get("/api/v1/jobs").handler(this::list);
        router.get("/api/v1/jobs/:id").handler(this::get);
        router.get("/api/v1/jobs/:id/shards").handler(this::shards);
        router.post("/api/v1/jobs/:id/cancel").handler(this::cancel);
    }

    private void create(RoutingContext routing) {
        JsonNode body = ApiRequests.jsonBody(routing);
        String name = ApiRequests.optionalText(body, "name");
        JobSpec spec = spec(body);
        ApiResponses.respond(blocking, routing, 201, () -> view(jobs.create(name, spec)));
    }

    private void list(RoutingContext routing) {
        String name = routing.queryParams().get("name");
        int limit = ApiRequests.limit(routing);
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> ApiViews.list("jobs", jobs.recent(name, limit), JobRoutes::view));
    }

    private void get(RoutingContext routing) {
        long id = ApiRequests.id(routing, "job");
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> ApiViews.withEvents(view(jobs.get(id)), jobs.events(id, 100)));
    }

    private void shards(RoutingContext routing) {
        long id = ApiRequests.id(routing, "job");
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> ApiViews.list("shards", jobs.shards(id), JobRoutes::view));
    }

    private void cancel(RoutingContext routing) {
        long id = ApiRequests.id(routing, "job");
        ApiResponses.respond(blocking, routing, 200, () -> view(jobs.cancel(id)));
    }

    /** The create body as a spec; every mistake names its field. */
    static JobSpec spec(JsonNode body) {
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!BATCH_FIELDS.contains(field)) {
                throw SlipwayException.invalidArgument(
                        "unknown field '"
                                + field
                                + "' (fields: "
                                + String.join(", ", BATCH_FIELDS.stream().sorted().toList())
                                + ")");
            }
        }
        String format = ApiRequests.optionalText(body, "format");
        JsonNode header = body.get("header");
        if (header != null && !header.isNull() && !header.isBoolean()) {
            throw SlipwayException.invalidArgument("header must be true or false");
        }
        return new JobSpec(
                JobTarget.parse("target", ApiRequests.optionalText(body, "target")),
                ApiRequests.optionalText(body, "input"),
                ApiRequests.optionalText(body, "output"),
                format == null ? null : InputFormat.parse("format", format),
                header == null || header.isNull() ? null : header.asBoolean(),
                idColumn(body),
                integer(body, "parallelism", JobSpec.DEFAULT_PARALLELISM),
                integer(body, "miniBatch", JobSpec.DEFAULT_MINI_BATCH),
                integer(body, "shardRows", JobSpec.DEFAULT_SHARD_ROWS),
                number(body, "maxErrorRatio", JobSpec.DEFAULT_MAX_ERROR_RATIO));
    }

    /** A name, or a column number written as a number. */
    private static String idColumn(JsonNode body) {
        JsonNode value = body.get("idColumn");
        if (value != null && value.isInt()) {
            return value.asText();
        }
        return ApiRequests.optionalText(body, "idColumn");
    }

    private static int integer(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isInt()) {
            throw SlipwayException.invalidArgument(field + " must be an integer");
        }
        return value.asInt();
    }

    private static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw SlipwayException.invalidArgument(field + " must be a number");
        }
        return value.asDouble();
    }

    static ObjectNode view(Shard shard) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("index", shard.index());
        node.put("file", shard.file());
        node.put("firstRow", shard.firstRow());
        node.put("rows", shard.rows());
        node.put("state", shard.state().wireName());
        node.put("attempts", shard.attempts());
        node.put("rowsFailed", shard.rowsFailed());
        return node;
    }

    static ObjectNode view(JobStatus status) {
        BatchJob job = status.job();
        JobSpec spec = job.spec();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", job.id());
        node.put("name", job.name());
        node.put("kind", "batch");
        node.put("target", spec.target().toString());
        node.put("version", job.version() == null ? null : job.version().toString());
        node.put("state", job.state().wireName());
        node.put("cancelRequested", job.cancelRequested());
        node.put("input", spec.input());
        node.put("output", job.locations().output());
        node.put("errors", job.locations().errors());
        node.put("format", spec.format().wireName());
        if (spec.header() == null) {
            node.putNull("header");
        } else {
            node.put("header", spec.header());
        }
        node.put("idColumn", spec.idColumn());
        node.put("parallelism", spec.parallelism());
        node.put("miniBatch", spec.miniBatch());
        node.put("shardRows", spec.shardRows());
        node.put("maxErrorRatio", spec.maxErrorRatio());
        if (job.planned()) {
            node.put("rowsTotal", job.rowsTotal());
            node.put("shardsTotal", job.shardsTotal());
        } else {
            node.putNull("rowsTotal");
            node.putNull("shardsTotal");
        }
        node.put("rowsDone", status.rowsDone());
        node.put("rowsFailed", job.rowsFailed());
        node.put("shardsDone", job.shardsDone());
        node.put("rowsPerSecond", Math.round(status.rowsPerSecond() * 10) / 10.0);
        if (status.remaining() == null) {
            node.putNull("etaSeconds");
        } else {
            node.put("etaSeconds", status.remaining().toMillis() / 1000.0);
        }
        node.put("error", job.error());
        node.put("createdAt", job.createdAt().toString());
        node.put("startedAt", ApiViews.time(job.startedAt()));
        node.put("finishedAt", ApiViews.time(job.finishedAt()));
        return node;
    }
}
