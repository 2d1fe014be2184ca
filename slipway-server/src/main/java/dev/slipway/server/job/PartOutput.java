package dev.slipway.server.job;

import dev.slipway.core.job.Row;
import dev.slipway.core.job.ShardOutput;
import dev.slipway.spi.PredictResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One shard attempt's files: {@code part-N.out} and {@code part-N.errors}, written as {@code .tmp}
 * files, forced to disk and renamed atomically by {@link #commit}. A new attempt truncates what a
 * dead one left. Not thread-safe.
 */
final class PartOutput implements ShardOutput {
    private final OutputLines lines;
    private final String file;
    private final Part output;
    private final Part errors;
    private final StringBuilder pending = new StringBuilder(1 << 16);
    private boolean committed;

    PartOutput(OutputLines lines, String file, Path outputPart, Path errorsPart)
            throws IOException {
        this.lines = lines;
        this.file = file;
        this.output = new Part(outputPart);
        this.errors = new Part(errorsPart);
    }

    static Path outputPart(Path directory, int shard) {
        return directory.resolve(String.format("part-%06d.out", shard));
    }

    static Path errorsPart(Path directory, int shard) {
        return directory.resolve(String.format("part-%06d.errors", shard));
    }

    @Override
    public void write(List<Row.Values> rows, PredictResult result) throws IOException {
        pending.setLength(0);
        lines.write(pending, rows, result);
        output.writer.append(pending);
    }

    @Override
    public void fail(Row row, String reason) throws IOException {
        errors.writer.append(OutputLines.error(row, file, reason));
    }

    @Override
    public void commit() throws IOException {
        errors.commit();
        output.commit();
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            errors.abandon();
            output.abandon();
        }
    }

    /** A file written under a temporary name, then renamed. */
    private static final class Part {
        private final Path target;
        private final Path temporary;
        private final FileChannel channel;
        private final BufferedWriter writer;

        Part(Path target) throws IOException {
            this.target = target;
            this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
            this.channel =
                    FileChannel.open(
                            temporary,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            this.writer =
                    new BufferedWriter(
                            new OutputStreamWriter(
                                    Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                            1 << 16);
        }

        void commit() throws IOException {
            writer.flush();
            channel.force(true);
            writer.close();
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }

        void abandon() throws IOException {
            writer.close();
            Files.deleteIfExists(temporary);
        }
    }
}
