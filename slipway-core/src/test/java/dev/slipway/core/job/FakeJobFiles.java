package dev.slipway.core.job;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Input files as lists of lines {@code key,value,value} in memory; a line whose values do not parse
 * is a malformed row. Byte offsets are line indexes. Parts are committed into a map, and {@code
 * assemble} concatenates them in shard order, as the real files do. Thread-safe.
 */
final class FakeJobFiles implements JobFiles {
    final Map<String, List<String>> input = new LinkedHashMap<>();
    final Map<Integer, List<String>> parts = Collections.synchronizedMap(new TreeMap<>());
    final Map<Integer, List<String>> errorParts = Collections.synchronizedMap(new TreeMap<>());
    final List<Integer> opened = new CopyOnWriteArrayList<>();
    volatile List<String> output;
    volatile List<String> errors;
    volatile boolean discarded;

    FakeJobFiles file(String name, String... lines) {
        input.put(name, List.of(lines));
        return this;
    }

    /** {@code count} rows {@code r<n>,n,n} numbered from 1 in one file. */
    FakeJobFiles rows(String name, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add("r" + i + "," + i + "," + i);
        }
        input.put(name, lines);
        return this;
    }

    @Override
    public Prepared prepare(JobSpec spec, Signature signature) {
        if (spec.input().contains("..")) {
            throw SlipwayException.invalidArgument("input escapes the root");
        }
        return new Prepared(
                InputFormat.CSV,
                new JobLocations(spec.input(), spec.output(), spec.output() + ".errors.csv"));
    }

    @Override
    public ShardPlanner.Plan plan(BatchJob job) {
        ShardPlanner planner = new ShardPlanner(job.spec().shardRows());
        input.forEach(
                (file, lines) -> {
                    for (int i = 0; i < lines.size(); i++) {
                        planner.row(file, i, i + 1);
                    }
                    planner.endOfFile(lines.size());
                });
        return planner.plan();
    }

    @Override
    public RowReader open(BatchJob job, Shard shard, Signature signature) {
        opened.add(shard.index());
        List<String> lines =
                input.get(shard.file()).subList((int) shard.start(), (int) shard.end());
        return new RowReader() {
            private int next;

            @Override
            public Row next() {
                if (next == lines.size()) {
                    return null;
                }
                String[] cells = lines.get(next).split(",");
                long number = shard.firstRow() + next;
                long line = shard.firstLine() + next;
                next++;
                try {
                    double[] values = {Double.parseDouble(cells[1]), Double.parseDouble(cells[2])};
                    return new Row.Values(number, line, cells[0], values);
                } catch (RuntimeException unparsable) {
                    return new Row.Malformed(number, line, cells[0], "not numbers");
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public ShardOutput create(BatchJob job, Shard shard, Signature signature) {
        List<String> part = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        return new ShardOutput() {
            @Override
            public void write(List<Row.Values> rows, PredictResult result) {
                float[] y = result.outputs().getFirst().floats();
                for (int r = 0; r < rows.size(); r++) {
                    part.add(rows.get(r).key() + "," + y[2 * r] + "," + y[2 * r + 1]);
                }
            }

            @Override
            public void fail(Row row, String reason) {
                failed.add(row.number() + "," + row.key() + "," + reason);
            }

            @Override
            public void commit() {
                parts.put(shard.index(), List.copyOf(part));
                errorParts.put(shard.index(), List.copyOf(failed));
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void assemble(BatchJob job, List<Shard> shards, Signature signature, boolean withOutput)
            throws IOException {
        List<String> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Shard shard : shards) {
            if (shard.state() == ShardState.DONE) {
                out.addAll(parts.get(shard.index()));
                bad.addAll(errorParts.get(shard.index()));
            }
        }
        errors = bad;
        if (withOutput) {
            output = out;
        }
    }

    @Override
    public void discard(BatchJob job) {
        discarded = true;
    }
}
