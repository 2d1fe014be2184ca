package dev.slipway.core.job;

import dev.slipway.spi.PredictResult;
import java.io.IOException;
import java.util.List;

/**
 * Where one shard attempt writes: its part of the output and its bad rows, both in row order, in
 * temporary files that {@link #commit} renames atomically. Closing without committing removes them,
 * so a crashed or stopped attempt leaves nothing that counts. Not thread-safe.
 */
public interface ShardOutput extends AutoCloseable {

    /** One output line per row: row {@code i} of {@code result} belongs to {@code rows.get(i)}. */
    void write(List<Row.Values> rows, PredictResult result) throws IOException;

    /** One line in the errors file: the row's number, file, line, key and the reason. */
    void fail(Row row, String reason) throws IOException;

    /** Makes the part and errors files final. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
