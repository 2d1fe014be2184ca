package dev.slipway.server.rollout;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.analysis.MirroredPair;
import dev.slipway.core.node.MirrorSink;
import dev.slipway.core.node.MirroredRequest;
import dev.slipway.core.node.NativeThreads;
import dev.slipway.core.rollout.MirrorCaptures;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.TensorArrays;
import dev.slipway.server.protocol.TensorJsonWriter;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrored pairs captured as JSONL in the artifact store, one file per capture ({@code
 * captures/rollout-7.jsonl}): the request, both versions' outputs and both latencies. Lines are
 * written by one background thread (a full queue drops the pair, never slows a caller) and read
 * back incrementally for the analysis. Thread-safe.
 */
public final class CaptureFiles implements MirrorSink, MirrorCaptures, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureFiles.class);
    private static final Pattern CAPTURE_ID = Pattern.compile("[a-z0-9-]{1,100}");

    private final Path root;
    private final Clock clock;
    private final ThreadPoolExecutor writer =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(10_000),
                    NativeThreads.named("capture-writer"),
                    new ThreadPoolExecutor.DiscardPolicy());
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    /** What has been read of one capture file. */
    private static final class Cursor {
        long offset;
        final List<MirroredPair> pairs = new ArrayList<>();
    }

    public CaptureFiles(Path root, Clock clock) throws IOException {
        this.root = Files.createDirectories(root);
        this.clock = clock;
    }

    @Override
    public void accept(MirroredRequest pair) {
        if (writer.getQueue().remainingCapacity() == 0) {
            dropped.incrementAndGet();
            return;
        }
        writer.execute(() -> append(pair));
    }

    private void append(MirroredRequest pair) {
        try {
            byte[] line = line(pair);
            Files.write(
                    file(pair.captureId()),
                    line,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            log.warn("could not capture a mirrored pair of {}: {}", pair.captureId(), e.toString());
        }
    }

    private byte[] line(MirroredRequest pair) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("at", clock.instant().toString());
            json.writeStringField("endpoint", pair.endpoint());
            json.writeObjectFieldStart("request");
            tensors(json, "inputs", pair.request().inputs());
            json.writeEndObject();
            json.writeObjectFieldStart("primary");
            json.writeStringField("version", pair.primaryVersion().toString());
            json.writeNumberField("nanos", pair.primaryNanos());
            tensors(json, "outputs", pair.primaryResult().outputs());
            json.writeEndObject();
            json.writeObjectFieldStart("candidate");
            json.writeStringField("version", pair.candidateVersion().toString());
            json.writeNumberField("nanos", pair.candidateNanos());
            if (pair.candidateResult() != null) {
                tensors(json, "outputs", pair.candidateResult().outputs());
            } else {
                json.writeStringField("error", pair.candidateError());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void tensors(JsonGenerator json, String field, List<Tensor> tensors)
            throws IOException {
        json.writeArrayFieldStart(field);
        for (Tensor tensor : tensors) {
            TensorJsonWriter.write(json, tensor);
        }
        json.writeEndArray();
    }

    @Override
    public List<MirroredPair> read(String captureId) {
        Cursor cursor = cursors.computeIfAbsent(captureId, id -> new Cursor());
        synchronized (cursor) {
            Path file = file(captureId);
            if (!Files.exists(file)) {
                return List.copyOf(cursor.pairs);
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(cursor.offset);
                byte[] rest = new byte[(int) (in.length() - cursor.offset)];
                in.readFully(rest);
                int end = lastNewline(rest);
                if (end >= 0) {
                    for (String line :
                            new String(rest, 0, end + 1, StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            cursor.pairs.add(pair(Json.MAPPER.readTree(line)));
                        }
                    }
                    cursor.offset += end + 1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading capture " + captureId, e);
            }
            return List.copyOf(cursor.pairs);
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static MirroredPair pair(JsonNode line) {
        List<Tensor> primary = TensorArrays.fromJson(line.at("/primary/outputs"));
        long primaryNanos = line.at("/primary/nanos").asLong();
        long candidateNanos = line.at("/candidate/nanos").asLong();
        JsonNode error = line.at("/candidate/error");
        if (!error.isMissingNode() && !error.isNull()) {
            return MirroredPair.failedCandidate(
                    primary, error.asText(), primaryNanos, candidateNanos);
        }
        return MirroredPair.answered(
                primary,
                TensorArrays.fromJson(line.at("/candidate/outputs")),
                primaryNanos,
                candidateNanos);
    }

    /** Pairs dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    private Path file(String captureId) {
        if (!CAPTURE_ID.matcher(captureId).matches()) {
            throw new IllegalArgumentException(
                    "capture id '" + captureId + "' is not a capture name");
        }
        return root.resolve(captureId + ".jsonl");
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
