package dev.slipway.core.job;

import dev.slipway.core.error.SlipwayException;
import java.util.Objects;

/**
 * What a batch job was asked to do, as the caller wrote it. The compact constructor checks every
 * field and names it in the message; null means the default.
 *
 * @param input a path under the server's jobs root (a file, or a directory meaning its regular
 *     files in name order), or an uploaded artifact {@code sha256:<hex>}
 * @param output the file to write, under the jobs root; it must not exist yet
 * @param format how the input is written; null means from the file names (then the content)
 * @param header whether CSV files start with a header line; null means detect it per file
 * @param idColumn the column (or JSON field) carried to the output as each row's key; null numbers
 *     rows instead. A column number from 1 for headerless CSV and JSON arrays.
 * @param parallelism workers running shards at once (each with its own model copy)
 * @param miniBatch rows per prediction call
 * @param shardRows rows per shard: the unit of checkpointing
 * @param maxErrorRatio the share of bad rows a job may have and still succeed
 */
public record JobSpec(
        JobTarget target,
        String input,
        String output,
        InputFormat format,
        Boolean header,
        String idColumn,
        int parallelism,
        int miniBatch,
        int shardRows,
        double maxErrorRatio) {

    public static final int DEFAULT_PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 32;
    public static final int DEFAULT_MINI_BATCH = 512;
    public static final int MAX_MINI_BATCH = 100_000;
    public static final int DEFAULT_SHARD_ROWS = 20_000;
    public static final int MAX_SHARD_ROWS = 10_000_000;
    public static final double DEFAULT_MAX_ERROR_RATIO = 0.01;

    public JobSpec {
        Objects.requireNonNull(target, "target");
        input = required("input", input);
        output = required("output", output);
        if (idColumn != null && idColumn.isBlank()) {
            throw SlipwayException.invalidArgument("idColumn must not be blank");
        }
        range("parallelism", parallelism, MAX_PARALLELISM);
        range("miniBatch", miniBatch, MAX_MINI_BATCH);
        range("shardRows", shardRows, MAX_SHARD_ROWS);
        if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            throw SlipwayException.invalidArgument(
                    "maxErrorRatio must be between 0 and 1, got " + maxErrorRatio);
        }
    }

    /** A spec with the defaults for everything but the three required fields. */
    public static JobSpec of(JobTarget target, String input, String output) {
        return new JobSpec(
                target,
                input,
                output,
                null,
                null,
                null,
                DEFAULT_PARALLELISM,
                DEFAULT_MINI_BATCH,
                DEFAULT_SHARD_ROWS,
                DEFAULT_MAX_ERROR_RATIO);
    }

    public JobSpec withFormat(InputFormat newFormat) {
        return new JobSpec(
                target,
                input,
                output,
                newFormat,
                header,
                idColumn,
                parallelism,
                miniBatch,
                shardRows,
                maxErrorRatio);
    }

    /** Whether {@code failed} bad rows out of {@code total} are more than the job may have. */
    public boolean tooManyErrors(long failed, long total) {
        return failed > 0 && failed > maxErrorRatio * total;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SlipwayException.invalidArgument(field + " is required");
        }
        return value;
    }

    private static void range(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw SlipwayException.invalidArgument(
                    field + " must be between 1 and " + max + ", got " + value);
        }
    }
}
