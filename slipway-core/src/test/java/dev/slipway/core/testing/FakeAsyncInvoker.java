package dev.slipway.core.testing;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncInvoker;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Answers invocations as the test says: with an output, with a failure, or with a future the test
 * completes later ({@link #hold()}). Records every call with the payload it got. Thread-safe.
 */
public final class FakeAsyncInvoker implements AsyncInvoker {
    public static final Output OUTPUT =
            new Output("{\"score\":0.5}".getBytes(StandardCharsets.UTF_8), "application/json");

    /** One invocation of the fake and the future it answered. */
    public record Call(
            AsyncInvocation invocation, byte[] payload, CompletableFuture<Output> answer) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Supplier<CompletableFuture<Output>> answers =
            () -> CompletableFuture.completedFuture(OUTPUT);

    @Override
    public CompletableFuture<Output> invoke(AsyncInvocation invocation, byte[] payload) {
        CompletableFuture<Output> answer = answers.get();
        calls.add(new Call(invocation, payload, answer));
        return answer;
    }

    /** From now on, every invocation answers {@code output}. */
    public void answerWith(Output output) {
        answers = () -> CompletableFuture.completedFuture(output);
    }

    /** From now on, every invocation fails as a real-time call with {@code code} would. */
    public void failWith(ErrorCode code, String message) {
        failWith(new SlipwayException(code, message));
    }

    /** From now on, every invocation fails with {@code failure}. */
    public void failWith(Throwable failure) {
        answers = () -> CompletableFuture.failedFuture(failure);
    }

    /** From now on, invocations wait until the test completes their {@link Call#answer()}. */
    public void hold() {
        answers = CompletableFuture::new;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The latest call for the invocation; calls from the worker's pool arrive in any order. */
    public Call callFor(String invocationId) {
        return calls.reversed().stream()
                .filter(call -> call.invocation().id().equals(invocationId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no call for " + invocationId));
    }

    /** Waits until {@code count} calls have arrived in all. */
    public void awaitCalls(int count) {
        Eventually.waitUntil(count + " invocation(s)", () -> calls.size() >= count);
    }
}
