package dev.slipway.core.job;

import dev.slipway.spi.Signature;
import java.io.IOException;
import java.util.List;

/**
 * The files of batch jobs: checking where a job may read and write, scanning its input into shards,
 * reading a shard's rows, writing a shard's part, and assembling the parts into the output.
 * Implementations are thread-safe; each shard's reader and output belong to one worker.
 */
public interface JobFiles {

    /**
     * Resolves and checks the spec's input and output before the job is accepted, and reads the
     * first line of each input file to check its columns against the signature.
     *
     * @throws dev.slipway.core.error.SlipwayException INVALID_ARGUMENT naming the field
     */
    Prepared prepare(JobSpec spec, Signature signature);

    /** Reads the whole input once and cuts it into shards of {@code spec.shardRows()} rows. */
    ShardPlanner.Plan plan(BatchJob job) throws IOException;

    /** The rows of one shard, parsed against the signature. */
    RowReader open(BatchJob job, Shard shard, Signature signature) throws IOException;

    /** A fresh attempt's output for one shard. */
    ShardOutput create(BatchJob job, Shard shard, Signature signature) throws IOException;

    /**
     * Concatenates the committed parts in shard order into the errors file and, when {@code
     * withOutput}, into the output file; each appears whole or not at all. Repeating it after a
     * crash gives the same files.
     */
    void assemble(BatchJob job, List<Shard> shards, Signature signature, boolean withOutput)
            throws IOException;

    /** Removes the job's working files (the parts). */
    void discard(BatchJob job);

    /** What {@link #prepare} found: the format to read and the resolved locations. */
    record Prepared(InputFormat format, JobLocations locations) {}
}
