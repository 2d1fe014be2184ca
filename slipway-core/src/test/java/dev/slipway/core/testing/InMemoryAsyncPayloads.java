package dev.slipway.core.testing;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncPayloads;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Payloads, results and failure records in maps. Each write that happened goes to the journal
 * ({@code "write output <id>"}, {@code "write failure <id>"}), so a test can order it against the
 * store's transitions. A test can make reads or writes fail as a full disk would. Thread-safe.
 */
public final class InMemoryAsyncPayloads implements AsyncPayloads {
    private final Map<String, byte[]> inputs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, byte[]> outputs = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Consumer<String> journal;
    private volatile String inputReadProblem;
    private volatile String outputWriteProblem;
    private volatile String failureWriteProblem;

    public InMemoryAsyncPayloads(Consumer<String> journal) {
        this.journal = journal;
    }

    public InMemoryAsyncPayloads() {
        this(entry -> {});
    }

    @Override
    public void writeInput(String id, byte[] payload) {
        inputs.put(id, payload.clone());
    }

    /** Stores an object the way the artifact store would hold it for {@code location}. */
    public void storeObject(String location, byte[] payload) {
        objects.put(location, payload.clone());
    }

    @Override
    public byte[] readInput(AsyncInvocation invocation) throws IOException {
        failIf(inputReadProblem);
        byte[] payload =
                AsyncInvocation.INLINE.equals(invocation.input())
                        ? inputs.get(invocation.id())
                        : objects.get(invocation.input());
        if (payload == null) {
            throw new IOException("no input stored for " + invocation.id());
        }
        return payload.clone();
    }

    @Override
    public void writeOutput(String id, byte[] output) throws IOException {
        failIf(outputWriteProblem);
        outputs.put(id, output.clone());
        journal.accept("write output " + id);
    }

    @Override
    public void writeFailure(AsyncInvocation invocation, String error) throws IOException {
        failIf(failureWriteProblem);
        failures.put(invocation.id(), error);
        journal.accept("write failure " + invocation.id());
    }

    @Override
    public String outputLocation(String id) {
        return "async/" + id + "/output";
    }

    @Override
    public String failureLocation(String id) {
        return "async/" + id + "/failure";
    }

    public Optional<byte[]> input(String id) {
        return Optional.ofNullable(inputs.get(id));
    }

    /** How many inline payloads were written. */
    public int storedInputs() {
        return inputs.size();
    }

    public Optional<byte[]> output(String id) {
        return Optional.ofNullable(outputs.get(id));
    }

    /** The error of the failure record, if one was written. */
    public Optional<String> failure(String id) {
        return Optional.ofNullable(failures.get(id));
    }

    /** From now on, reading inputs fails with {@code problem}. */
    public void failInputReadsWith(String problem) {
        inputReadProblem = problem;
    }

    /** From now on, writing outputs fails with {@code problem}. */
    public void failOutputWritesWith(String problem) {
        outputWriteProblem = problem;
    }

    /** From now on, writing failure records fails with {@code problem}. */
    public void failFailureWritesWith(String problem) {
        failureWriteProblem = problem;
    }

    /** Reads and writes work again. */
    public void stopFailing() {
        inputReadProblem = null;
        outputWriteProblem = null;
        failureWriteProblem = null;
    }

    private static void failIf(String problem) throws IOException {
        if (problem != null) {
            throw new IOException(problem);
        }
    }
}
