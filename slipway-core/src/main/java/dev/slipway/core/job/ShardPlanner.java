package dev.slipway.core.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a job's input into shards while the input is scanned once: the scanner reports where each
 * data row starts, file after file, and a shard ends every {@code rowsPerShard} rows or at the end
 * of a file (a shard never spans two files). Not thread-safe; one per planning pass.
 */
public final class ShardPlanner {
    private final int rowsPerShard;
    private final List<Shard> shards = new ArrayList<>();
    private long rowsSeen;

    private String file;
    private long start = -1;
    private long firstRow;
    private long firstLine;
    private long rows;

    public ShardPlanner(int rowsPerShard) {
        if (rowsPerShard < 1) {
            throw new IllegalArgumentException("rowsPerShard must be >= 1, got " + rowsPerShard);
        }
        this.rowsPerShard = rowsPerShard;
    }

    /**
     * A data row of {@code file} starts at byte {@code offset}, on line {@code line}. Rows of a
     * file come in order; files come one after the other.
     */
    public void row(String fileName, long offset, long line) {
        if (file != null && !file.equals(fileName)) {
            throw new IllegalStateException(
                    "row of " + fileName + " before the end of " + file + " was reported");
        }
        if (rows == rowsPerShard) {
            close(offset);
        }
        if (rows == 0) {
            file = fileName;
            start = offset;
            firstRow = rowsSeen + 1;
            firstLine = line;
        }
        rows++;
        rowsSeen++;
    }

    /** The current file ends at byte {@code size}: its last shard ends there. */
    public void endOfFile(long size) {
        if (rows > 0) {
            close(size);
        }
        file = null;
    }

    private void close(long end) {
        shards.add(Shard.planned(shards.size(), file, start, end, firstRow, firstLine, rows));
        rows = 0;
    }

    /** The plan; call after the last {@link #endOfFile}. */
    public Plan plan() {
        if (rows > 0) {
            throw new IllegalStateException("the end of " + file + " was not reported");
        }
        return new Plan(List.copyOf(shards), rowsSeen);
    }

    /** Every shard in output order and the number of data rows they hold. */
    public record Plan(List<Shard> shards, long rows) {
        public Plan {
            shards = List.copyOf(shards);
        }
    }
}
