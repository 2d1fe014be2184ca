package dev.slipway.server.async;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncInvoker;
import dev.slipway.core.node.LocalNode;
import dev.slipway.server.gateway.SageMakerPayload;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an invocation like a real-time SageMaker call on the endpoint's copies (same decoding, same
 * queue, its own timeout) and encodes the answer on the inference thread. Stateless.
 */
public final class NodeAsyncInvoker implements AsyncInvoker {
    private final LocalNode node;

    public NodeAsyncInvoker(LocalNode node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Output> invoke(AsyncInvocation invocation, byte[] payload) {
        SageMakerPayload decoded;
        try {
            decoded =
                    SageMakerPayload.decode(
                            node,
                            invocation.endpoint(),
                            payload,
                            invocation.contentType(),
                            invocation.accept());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return node.infer(
                        invocation.endpoint(),
                        null,
                        decoded.request(),
                        invocation.id(),
                        invocation.timeout())
                .thenApply(
                        served ->
                                new Output(
                                        decoded.encoder().apply(served),
                                        decoded.outputContentType()));
    }
}
