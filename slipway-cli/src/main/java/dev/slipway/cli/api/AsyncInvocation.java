package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * An asynchronous invocation as {@code GET /api/v1/async/{id}} answers it (the list leaves {@code
 * result} out). Times are ISO-8601 strings, null until they happen.
 *
 * @param status queued, running, succeeded, failed or expired
 * @param inferenceId the caller's own label ({@code X-Amzn-SageMaker-Inference-Id}), or null
 * @param input {@code inline}, or the {@code sha256:<hex>} object it read
 * @param result the output when it succeeded: JSON as JSON, anything else as a JSON string
 * @param error why it failed or expired
 * @param notification what became of the endpoint's webhook for it
 */
public record AsyncInvocation(
        String id,
        String endpoint,
        String status,
        String inferenceId,
        String input,
        int attempts,
        Integer maxAttempts,
        String createdAt,
        String startedAt,
        String completedAt,
        String expiresAt,
        String outputLocation,
        String failureLocation,
        String outputContentType,
        JsonNode result,
        String error,
        Notification notification) {

    /** The statuses an invocation keeps for good. */
    public static final Set<String> FINAL_STATUSES = Set.of("succeeded", "failed", "expired");

    /** Every status, for checking a {@code --status} filter. */
    public static final Set<String> STATUSES =
            Set.of("queued", "running", "succeeded", "failed", "expired");

    public AsyncInvocation {
        // Jackson reads a JSON null into a NullNode; "no result" is simpler as null.
        result = result == null || result.isNull() ? null : result;
    }

    public boolean finished() {
        return FINAL_STATUSES.contains(status);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    /** {@code status} is none, pending, sent or failed. */
    public record Notification(String status, int attempts) {}
}
