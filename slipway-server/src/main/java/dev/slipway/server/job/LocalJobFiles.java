package dev.slipway.server.job;

import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.job.BatchJob;
import dev.slipway.core.job.InputFormat;
import dev.slipway.core.job.JobFiles;
import dev.slipway.core.job.JobLocations;
import dev.slipway.core.job.JobSpec;
import dev.slipway.core.job.Row;
import dev.slipway.core.job.RowReader;
import dev.slipway.core.job.Shard;
import dev.slipway.core.job.ShardOutput;
import dev.slipway.core.job.ShardPlanner;
import dev.slipway.core.job.ShardState;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Batch job files on the local disk. Inputs and outputs live under the {@link JobRoot}; an input
 * may also be an uploaded artifact. Each job's parts live in {@code <work>/<id>/} until the output
 * is assembled. Thread-safe: the only shared state is a map of materialized artifacts.
 */
public final class LocalJobFiles implements JobFiles {
    private static final String ARTIFACT = "sha256:";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final JobRoot root;
    private final Path work;
    private final ArtifactStore artifacts;
    private final Map<String, Path> materialized = new ConcurrentHashMap<>();

    /**
     * @param root the directory jobs may read and write ({@code SLIPWAY_JOBS_ROOT})
     * @param work where parts are kept while a job runs
     */
    public LocalJobFiles(Path root, Path work, ArtifactStore artifacts) {
        this.root = new JobRoot(root);
        this.work = work;
        this.artifacts = artifacts;
    }

    /** The jobs root, resolved. */
    public Path root() {
        return root.path();
    }

    @Override
    public Prepared prepare(JobSpec spec, Signature signature) {
        String location;
        List<Path> files;
        if (spec.input().startsWith(ARTIFACT)) {
            location = spec.input();
            files = List.of(artifact(spec.input()));
        } else {
            Path input = root.existing("input", spec.input());
            location = input.toString();
            files = root.files("input", spec.input(), input);
        }
        InputFormat format = spec.format() != null ? spec.format() : detect(files.getFirst());
        for (Path file : files) {
            String first = firstLine(file);
            if (first != null) {
                parser(format, file.getFileName().toString(), first, spec, signature);
            }
        }
        Path output = root.newFile("output", spec.output());
        Path errors = root.newFile("output", spec.output() + ".errors.csv");
        if (!location.startsWith(ARTIFACT) && output.startsWith(Path.of(location))) {
            throw SlipwayException.invalidArgument(
                    "output '" + spec.output() + "' must not be inside the input directory");
        }
        return new Prepared(
                format, new JobLocations(location, output.toString(), errors.toString()));
    }

    @Override
    public ShardPlanner.Plan plan(BatchJob job) throws IOException {
        ShardPlanner planner = new ShardPlanner(job.spec().shardRows());
        for (Path file : inputFiles(job)) {
            String name = nameOf(job, file);
            boolean skipHeader =
                    job.spec().format() == InputFormat.CSV && startsWithHeader(job, file);
            boolean first = true;
            try (LineReader lines = new LineReader(file, 0, Files.size(file), 1)) {
                while (lines.skip()) {
                    if (lines.blank()) {
                        continue;
                    }
                    if (first && skipHeader) {
                        first = false;
                        continue;
                    }
                    first = false;
                    planner.row(name, lines.lineStart(), lines.lineNumber());
                }
            }
            planner.endOfFile(Files.size(file));
        }
        return planner.plan();
    }

    @Override
    public RowReader open(BatchJob job, Shard shard, Signature signature) throws IOException {
        Path file = fileOf(job, shard.file());
        RowParser parser =
                parser(job.spec().format(), shard.file(), firstLine(file), job.spec(), signature);
        LineReader lines = new LineReader(file, shard.start(), shard.end(), shard.firstLine());
        return new RowReader() {
            private long number = shard.firstRow();

            @Override
            public Row next() throws IOException {
                while (lines.next()) {
                    if (!lines.blank()) {
                        return parser.parse(lines.text(), number++, lines.lineNumber());
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public ShardOutput create(BatchJob job, Shard shard, Signature signature) throws IOException {
        Path directory = Files.createDirectories(workOf(job));
        return new PartOutput(
                new OutputLines(job.spec(), signature),
                shard.file(),
                PartOutput.outputPart(directory, shard.index()),
                PartOutput.errorsPart(directory, shard.index()));
    }

    @Override
    public void assemble(BatchJob job, List<Shard> shards, Signature signature, boolean withOutput)
            throws IOException {
        Path directory = workOf(job);
        List<Shard> done =
                shards.stream().filter(shard -> shard.state() == ShardState.DONE).toList();
        concatenate(
                Path.of(job.locations().errors()),
                OutputLines.ERRORS_HEADER,
                done.stream()
                        .map(shard -> PartOutput.errorsPart(directory, shard.index()))
                        .toList());
        if (withOutput) {
            concatenate(
                    Path.of(job.locations().output()),
                    new OutputLines(job.spec(), signature).header(),
                    done.stream()
                            .map(shard -> PartOutput.outputPart(directory, shard.index()))
                            .toList());
        }
    }

    @Override
    public void discard(BatchJob job) {
        Path directory = workOf(job);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + directory, e);
        }
    }

    /** Writes header + parts to a temporary file beside the target, then renames it. */
    private static void concatenate(Path target, String header, List<Path> parts)
            throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel out =
                FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = java.nio.channels.Channels.newOutputStream(out);
            if (header != null) {
                stream.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Path part : parts) {
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long copied = 0; copied < size; ) {
                        copied += in.transferTo(copied, size - copied, out);
                    }
                }
            }
            out.force(true);
        }
        Files.move(
                temporary,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private Path workOf(BatchJob job) {
        return work.resolve(Long.toString(job.id()));
    }

    private List<Path> inputFiles(BatchJob job) {
        String location = job.locations().input();
        if (location.startsWith(ARTIFACT)) {
            return List.of(artifact(location));
        }
        return root.files("input", job.spec().input(), root.existing("input", location));
    }

    private String nameOf(BatchJob job, Path file) {
        return job.locations().input().startsWith(ARTIFACT) ? "" : file.getFileName().toString();
    }

    private Path fileOf(BatchJob job, String name) {
        String location = job.locations().input();
        if (location.startsWith(ARTIFACT)) {
            return artifact(location);
        }
        Path input = root.existing("input", location);
        return Files.isDirectory(input)
                ? root.existing("input", input.resolve(name).toString())
                : input;
    }

    private Path artifact(String input) {
        String hex = input.substring(ARTIFACT.length()).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hex).matches()) {
            throw SlipwayException.invalidArgument(
                    "input '" + input + "' must be sha256:<64 hex digits> of an uploaded artifact");
        }
        return materialized.computeIfAbsent(
                hex,
                digest -> {
                    try {
                        if (artifacts.find(digest).isEmpty()) {
                            throw SlipwayException.invalidArgument(
                                    "input '"
                                            + input
                                            + "' is not an uploaded artifact (POST /api/v1/artifacts)");
                        }
                        return artifacts.materialize(digest);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static boolean startsWithHeader(BatchJob job, Path file) {
        String first = firstLine(file);
        return first != null && CsvRows.isHeader(first, job.spec().header());
    }

    private static RowParser parser(
            InputFormat format, String file, String firstLine, JobSpec spec, Signature signature) {
        return switch (format) {
            case CSV ->
                    CsvRows.layout(file, firstLine, spec.header(), spec.idColumn(), signature)
                            .rows();
            case JSONL -> JsonlRows.checked(file, firstLine, spec.idColumn(), signature);
        };
    }

    /** The first non-blank line of a file, or null for a file with none. */
    private static String firstLine(Path file) {
        try (LineReader lines = new LineReader(file, 0, Files.size(file), 1)) {
            while (lines.next()) {
                if (!lines.blank()) {
                    return lines.text();
                }
            }
            return null;
        } catch (IOException e) {
            throw SlipwayException.invalidArgument(
                    "input " + file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** By extension, else by the first character: {@code {} or {@code [} is JSON Lines. */
    private static InputFormat detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return InputFormat.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return InputFormat.JSONL;
        }
        String first = firstLine(file);
        return first != null && (first.strip().startsWith("{") || first.strip().startsWith("["))
                ? InputFormat.JSONL
                : InputFormat.CSV;
    }
}
