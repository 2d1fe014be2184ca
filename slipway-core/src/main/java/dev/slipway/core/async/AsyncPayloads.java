package dev.slipway.core.async;

import java.io.IOException;

/**
 * Where invocations' payloads, results and failure records live (the artifact store's {@code
 * async/<id>/} area). Writes are atomic: a reader sees the whole object or none.
 */
public interface AsyncPayloads {

    void writeInput(String id, byte[] payload) throws IOException;

    /** The payload of an invocation, inline or from the artifact store. */
    byte[] readInput(AsyncInvocation invocation) throws IOException;

    void writeOutput(String id, byte[] output) throws IOException;

    /** A JSON record of why the invocation failed or expired. */
    void writeFailure(AsyncInvocation invocation, String error) throws IOException;

    /** Where callers find the output (SageMaker's OutputLocation). */
    String outputLocation(String id);

    /** Where callers find the failure record (SageMaker's FailureLocation). */
    String failureLocation(String id);
}
