package dev.slipway.core.testing;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncStatus;
import dev.slipway.core.async.WebhookSender;
import dev.slipway.core.endpoint.AsyncSettings;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every webhook call instead of sending it; the receiver accepts until a test makes it refuse
 * or throw. Thread-safe.
 */
public final class RecordingWebhookSender implements WebhookSender {

    /** One webhook call. */
    public record Call(URI url, String invocationId, AsyncStatus status) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile String problem;
    private volatile RuntimeException thrown;

    @Override
    public String send(
            URI url, AsyncInvocation invocation, AsyncSettings.Notifications notifications) {
        calls.add(new Call(url, invocation.id(), invocation.status()));
        RuntimeException failure = thrown;
        if (failure != null) {
            throw failure;
        }
        return problem;
    }

    /** From now on, the receiver answers with {@code problem} (e.g. "HTTP 503"). */
    public void refuseWith(String problem) {
        this.problem = problem;
    }

    /** From now on, sending throws {@code failure} (e.g. a refused connection). */
    public void throwOnSend(RuntimeException failure) {
        thrown = failure;
    }

    /** From now on, the receiver accepts every call. */
    public void accept() {
        problem = null;
        thrown = null;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }
}
