package dev.slipway.cli.api;

import java.util.List;
import java.util.Set;

/**
 * A batch job as {@code GET /api/v1/jobs/{id}} answers it (docs/api.md).
 *
 * @param version the model version a model target resolved to ({@code cancer:1}); null for an
 *     endpoint
 * @param rowsTotal null until the server has planned the shards
 * @param rowsDone rows predicted or failed, including shards in progress
 * @param etaSeconds the server's estimate of the time left, or null
 * @param events oldest first; only in the single-job answer
 */
public record BatchJob(
        long id,
        String name,
        String target,
        String version,
        String state,
        boolean cancelRequested,
        String input,
        String output,
        String errors,
        String format,
        String idColumn,
        int parallelism,
        int miniBatch,
        int shardRows,
        double maxErrorRatio,
        Long rowsTotal,
        Integer shardsTotal,
        long rowsDone,
        long rowsFailed,
        int shardsDone,
        double rowsPerSecond,
        Double etaSeconds,
        String error,
        String createdAt,
        String startedAt,
        String finishedAt,
        List<Rollout.Event> events) {

    /** The states a job ends in. */
    public static final Set<String> ENDINGS = Set.of("succeeded", "failed", "cancelled");

    public BatchJob {
        events = WireCollections.list(events);
    }

    public boolean finished() {
        return ENDINGS.contains(state);
    }

    public boolean succeeded() {
        return "succeeded".equals(state);
    }
}
