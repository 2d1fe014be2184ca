package dev.slipway.cli.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code POST /endpoints/{endpoint}/async-invocations} sends: the input in the body or as a
 * stored object, and the SageMaker headers that tune one invocation.
 *
 * @param ttlSeconds how long it may wait in the queue, or null for the endpoint's default
 * @param invocationTimeoutSeconds how long one attempt may run, or null for the endpoint's default
 * @param inferenceId the caller's own label for it, or null
 */
public record AsyncInvocationRequest(
        Input input, Long ttlSeconds, Long invocationTimeoutSeconds, String inferenceId) {

    static final String INPUT_LOCATION = "X-Amzn-SageMaker-InputLocation";
    static final String TTL = "X-Amzn-SageMaker-RequestTTLSeconds";
    static final String INVOCATION_TIMEOUT = "X-Amzn-SageMaker-InvocationTimeoutSeconds";
    static final String INFERENCE_ID = "X-Amzn-SageMaker-Inference-Id";

    public AsyncInvocationRequest {
        if (input == null) {
            throw new IllegalArgumentException("input is required");
        }
    }

    /** Where the invocation's input is. */
    public sealed interface Input permits Payload, StoredObject {}

    /** The input sent as the request body. */
    public record Payload(byte[] body, String contentType) implements Input {
        public Payload {
            if (body == null || contentType == null) {
                throw new IllegalArgumentException("body and contentType are required");
            }
        }
    }

    /**
     * An object uploaded before with {@code POST /api/v1/artifacts}, named in the {@code
     * InputLocation} header; the body stays empty.
     *
     * @param contentType what the object holds, or null to let the server assume JSON
     */
    public record StoredObject(String sha256, String contentType) implements Input {
        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        public StoredObject {
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(
                        "a stored object is named by 64 lower-case hex digits, got '"
                                + sha256
                                + "'");
            }
        }

        /** {@code sha256:<hex>}, as the header names it. */
        public String location() {
            return "sha256:" + sha256;
        }
    }

    /** The optional SageMaker headers this request sets, in a stable order. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (input instanceof StoredObject stored) {
            headers.put(INPUT_LOCATION, stored.location());
        }
        if (ttlSeconds != null) {
            headers.put(TTL, Long.toString(ttlSeconds));
        }
        if (invocationTimeoutSeconds != null) {
            headers.put(INVOCATION_TIMEOUT, Long.toString(invocationTimeoutSeconds));
        }
        if (inferenceId != null) {
            headers.put(INFERENCE_ID, inferenceId);
        }
        return headers;
    }
}
