package dev.slipway.server.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The lines of a byte range of a file, read forward once: each line's start offset, number and text
 * (UTF-8, without its {@code \n} or {@code \r\n}). Not thread-safe.
 */
final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPosition;
    private int chunkLimit;
    private final long end;
    private long offset;
    private long lineNumber;
    private byte[] buffer = new byte[512];
    private int length;
    private long lineStart;
    private boolean blank;

    /**
     * @param firstLine the number of the line that starts at {@code start}
     */
    LineReader(Path file, long start, long end, long firstLine) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(start);
        this.in = Channels.newInputStream(channel);
        this.offset = start;
        this.end = end;
        this.lineNumber = firstLine - 1;
    }

    /** Reads the next line; false at the end of the range. */
    boolean next() throws IOException {
        return advance(true);
    }

    /**
     * Moves past the next line without keeping its text (only its start, number and whether it is
     * blank); for scanning a whole file quickly. False at the end of the range.
     */
    boolean skip() throws IOException {
        return advance(false);
    }

    private boolean advance(boolean keep) throws IOException {
        if (offset >= end) {
            return false;
        }
        lineStart = offset;
        lineNumber++;
        length = 0;
        blank = true;
        while (chunkPosition < chunkLimit || fill()) {
            byte[] bytes = chunk;
            int from = chunkPosition;
            int limit = chunkLimit;
            int i = from;
            while (i < limit && bytes[i] != '\n') {
                if (blank && bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                    blank = false;
                }
                i++;
            }
            if (keep) {
                keep(bytes, from, i - from);
            }
            offset += i - from;
            chunkPosition = i;
            if (i < limit) {
                chunkPosition++; // the newline
                offset++;
                break;
            }
        }
        if (keep && length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    private void keep(byte[] bytes, int from, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk, 0, (int) Math.min(chunk.length, end - offset));
        if (read <= 0) {
            return false;
        }
        chunkPosition = 0;
        chunkLimit = read;
        return true;
    }

    /** Whether the current line holds only blanks. */
    boolean blank() {
        return blank;
    }

    String text() {
        int from = lineStart == 0 && startsWithByteOrderMark() ? 3 : 0;
        return new String(buffer, from, length - from, StandardCharsets.UTF_8);
    }

    private boolean startsWithByteOrderMark() {
        return length >= 3
                && buffer[0] == (byte) 0xEF
                && buffer[1] == (byte) 0xBB
                && buffer[2] == (byte) 0xBF;
    }

    long lineStart() {
        return lineStart;
    }

    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
