package dev.slipway.core.job;

import java.io.IOException;

/** The rows of one shard, in order. Not thread-safe; one per shard attempt. */
public interface RowReader extends AutoCloseable {

    /** The next row, or null after the shard's last one. */
    Row next() throws IOException;

    @Override
    void close() throws IOException;
}
