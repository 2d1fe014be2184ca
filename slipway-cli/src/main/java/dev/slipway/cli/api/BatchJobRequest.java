package dev.slipway.cli.api;

/**
 * The {@code POST /api/v1/jobs/batch} body; null fields are left out, so the server's defaults
 * apply.
 */
public record BatchJobRequest(
        String name,
        String target,
        String input,
        String output,
        String format,
        Boolean header,
        String idColumn,
        Integer parallelism,
        Integer miniBatch,
        Integer shardRows,
        Double maxErrorRatio) {}
