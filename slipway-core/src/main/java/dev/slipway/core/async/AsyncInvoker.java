package dev.slipway.core.async;

import java.util.concurrent.CompletableFuture;

/** Runs one attempt of an invocation on the endpoint's copies and encodes the answer. */
public interface AsyncInvoker {

    /** The encoded answer of an invocation. */
    record Output(byte[] body, String contentType) {}

    /**
     * @return a future failing with {@link dev.slipway.core.error.SlipwayException} as a real-time
     *     call would
     */
    CompletableFuture<Output> invoke(AsyncInvocation invocation, byte[] payload);
}
