package dev.slipway.core.async;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Accepts asynchronous invocations (stores the payload, then queues the invocation durably) and
 * answers questions about them. Thread-safe.
 */
public final class AsyncService {
    public static final int MAX_LIST = 1000;
    public static final String SHA256_PREFIX = "sha256:";

    private final AsyncStore store;
    private final AsyncPayloads payloads;
    private final EndpointStore endpoints;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final Runnable accepted;

    /**
     * @param accepted called after each accepted invocation (the worker's trigger)
     */
    public AsyncService(
            AsyncStore store,
            AsyncPayloads payloads,
            EndpointStore endpoints,
            ArtifactStore artifacts,
            Clock clock,
            Runnable accepted) {
        this.store = store;
        this.payloads = payloads;
        this.endpoints = endpoints;
        this.artifacts = artifacts;
        this.clock = clock;
        this.accepted = accepted;
    }

    /** What the caller sent: the payload itself, or where it is stored. */
    public record Submission(
            String endpoint,
            byte[] payload,
            String inputLocation,
            String contentType,
            String accept,
            String inferenceId,
            Duration ttl,
            Duration invocationTimeout) {}

    /**
     * Queues an invocation. Nothing is queued unless the payload is stored first, and the answer
     * (202) is only sent after the row is committed, so an accepted invocation is never lost.
     *
     * @throws SlipwayException ENDPOINT_NOT_FOUND, INVALID_INPUT (no payload, both payload and
     *     location), INVALID_ARGUMENT (time to live or timeout out of range)
     */
    public AsyncInvocation accept(Submission submission) {
        Endpoint endpoint =
                endpoints
                        .find(submission.endpoint())
                        .orElseThrow(
                                () ->
                                        new SlipwayException(
                                                ErrorCode.ENDPOINT_NOT_FOUND,
                                                "endpoint '"
                                                        + submission.endpoint()
                                                        + "' does not exist"));
        boolean inline = submission.payload() != null && submission.payload().length > 0;
        if (inline == (submission.inputLocation() != null)) {
            throw SlipwayException.invalidInput(
                    inline
                            ? "send the payload either in the body or by"
                                    + " X-Amzn-SageMaker-InputLocation, not both"
                            : "the request body is empty and there is no"
                                    + " X-Amzn-SageMaker-InputLocation");
        }
        if (!inline) {
            requireStored(submission.inputLocation());
        }
        AsyncSettings settings = endpoint.async();
        Duration ttl = submission.ttl() == null ? settings.ttl() : submission.ttl();
        Duration timeout =
                submission.invocationTimeout() == null
                        ? settings.invocationTimeout()
                        : submission.invocationTimeout();
        // Only the caller's headers are checked here: the endpoint's own settings were checked by
        // AsyncSettings, which allows a timeout under a second the header cannot express.
        if (submission.ttl() != null
                && (ttl.compareTo(Duration.ofSeconds(1)) < 0
                        || ttl.compareTo(AsyncSettings.MAX_TTL) > 0)) {
            throw SlipwayException.invalidArgument(
                    "X-Amzn-SageMaker-RequestTTLSeconds must be between 1 and "
                            + AsyncSettings.MAX_TTL.toSeconds()
                            + ", got "
                            + ttl.toSeconds());
        }
        if (submission.invocationTimeout() != null
                && (timeout.compareTo(Duration.ofSeconds(1)) < 0
                        || timeout.compareTo(AsyncSettings.MAX_INVOCATION_TIMEOUT) > 0)) {
            throw SlipwayException.invalidArgument(
                    "X-Amzn-SageMaker-InvocationTimeoutSeconds must be between 1 and "
                            + AsyncSettings.MAX_INVOCATION_TIMEOUT.toSeconds()
                            + ", got "
                            + timeout.toSeconds());
        }
        String id = UUID.randomUUID().toString();
        if (inline) {
            try {
                payloads.writeInput(id, submission.payload());
            } catch (IOException e) {
                throw new UncheckedIOException("could not store the invocation's payload", e);
            }
        }
        AsyncInvocation invocation =
                AsyncInvocation.accepted(
                        id,
                        endpoint.name(),
                        inline ? AsyncInvocation.INLINE : submission.inputLocation(),
                        submission.contentType() == null ? "" : submission.contentType(),
                        submission.accept() == null ? "" : submission.accept(),
                        submission.inferenceId(),
                        settings.maxAttempts(),
                        timeout,
                        clock.instant(),
                        ttl);
        store.insert(invocation);
        accepted.run();
        return invocation;
    }

    /** An input location is {@code sha256:<hex>} of an object the artifact store holds. */
    private void requireStored(String location) {
        String sha256 =
                location.startsWith(SHA256_PREFIX)
                        ? location.substring(SHA256_PREFIX.length())
                        : "";
        if (!ArtifactRef.isSha256(sha256)) {
            throw SlipwayException.invalidArgument(
                    "X-Amzn-SageMaker-InputLocation must name an object of Slipway's artifact"
                            + " store as sha256:<64 hex digits> (upload it with POST"
                            + " /api/v1/artifacts), got '"
                            + location
                            + "'");
        }
        try {
            if (artifacts.find(sha256).isEmpty()) {
                throw new SlipwayException(
                        ErrorCode.ARTIFACT_NOT_FOUND,
                        "no stored object " + location + " (X-Amzn-SageMaker-InputLocation)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AsyncInvocation get(String id) {
        return store.find(id)
                .orElseThrow(
                        () ->
                                new SlipwayException(
                                        ErrorCode.NOT_FOUND,
                                        "async invocation '" + id + "' does not exist"));
    }

    public List<AsyncInvocation> list(String endpoint, AsyncStatus status, int limit) {
        return store.list(endpoint, status, Math.min(Math.max(limit, 1), MAX_LIST));
    }

    public AsyncPayloads payloads() {
        return payloads;
    }
}
