package dev.slipway.core.job;

import java.util.Objects;

/**
 * A slice of a job's input that one worker reads, predicts and writes on its own: the lines of one
 * file between two byte offsets, so a shard is read without reading what comes before it.
 *
 * @param index position in the job's output order, from 0
 * @param file the input file, relative to the job's input (empty for a single-file input)
 * @param start byte offset of the shard's first row
 * @param end byte offset just past the shard's last row
 * @param firstRow the job-wide number of the shard's first row, from 1
 * @param firstLine the file's line number of that row, from 1
 * @param rows data rows in the shard (blank and header lines excluded)
 * @param attempts how many times a worker has claimed the shard
 * @param rowsFailed rows that went to the errors file; known once the shard is done
 */
public record Shard(
        int index,
        String file,
        long start,
        long end,
        long firstRow,
        long firstLine,
        long rows,
        ShardState state,
        int attempts,
        long rowsFailed) {
    public Shard {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(state, "state");
        if (index < 0 || start < 0 || end < start || firstRow < 1 || firstLine < 1 || rows < 1) {
            throw new IllegalArgumentException(
                    "shard "
                            + index
                            + " is inconsistent: bytes "
                            + start
                            + ".."
                            + end
                            + ", first row "
                            + firstRow
                            + ", line "
                            + firstLine
                            + ", "
                            + rows
                            + " rows");
        }
    }

    /** A shard as planned: pending, never attempted. */
    public static Shard planned(
            int index,
            String file,
            long start,
            long end,
            long firstRow,
            long firstLine,
            long rows) {
        return new Shard(
                index, file, start, end, firstRow, firstLine, rows, ShardState.PENDING, 0, 0);
    }
}
