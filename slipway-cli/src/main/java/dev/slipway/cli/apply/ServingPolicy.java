package dev.slipway.cli.apply;

import dev.slipway.cli.api.ServingPolicySpec;
import dev.slipway.cli.input.DurationValue;
import java.nio.file.Path;

/**
 * What a {@code kind: Endpoint} manifest says about queues, row limits, batching and async
 * invocations ({@code spec.maxQueue}, {@code spec.maxRows}, {@code spec.batching}, {@code
 * spec.async}), checked. A null field is not managed: the server's value stays.
 *
 * @param maxQueue requests waiting per copy before 429
 * @param maxRows rows per request before 413
 */
public record ServingPolicy(Integer maxQueue, Integer maxRows, Batching batching, Async async) {

    public static final ServingPolicy NONE = new ServingPolicy(null, null, null, null);

    /** {@code spec.batching}; {@code maxBatchSize} 1 turns batching off. */
    public record Batching(Integer maxBatchSize, DurationValue maxDelay) {}

    /** {@code spec.async}. */
    public record Async(
            Integer maxConcurrentPerCopy,
            Integer maxAttempts,
            DurationValue ttl,
            DurationValue invocationTimeout,
            Notifications notifications) {}

    /**
     * {@code spec.async.notifications}: the webhooks and the secret that signs them, read from
     * {@code secretFile} (beside the manifest) when the manifest was loaded.
     *
     * @param secretFile the file as resolved, or null when the manifest names none
     * @param secret its trimmed content, never printed
     */
    public record Notifications(String onSuccess, String onError, Path secretFile, String secret) {
        public Notifications {
            if ((secretFile == null) != (secret == null)) {
                throw new IllegalArgumentException("a secret comes from its secretFile");
            }
        }

        /** The wire form: the manifest describes the notifications whole. */
        ServingPolicySpec.Notifications spec() {
            return new ServingPolicySpec.Notifications(onSuccess, onError, secret);
        }

        @Override
        public String toString() {
            return "Notifications[onSuccess="
                    + onSuccess
                    + ", onError="
                    + onError
                    + ", secretFile="
                    + secretFile
                    + "]";
        }
    }

    /** Everything the manifest gives, as a create request sends it. */
    ServingPolicySpec createSpec() {
        ServingPolicySpec.BatchingSpec batchingSpec =
                batching == null
                        ? null
                        : new ServingPolicySpec.BatchingSpec(
                                batching.maxBatchSize(), text(batching.maxDelay()));
        ServingPolicySpec.AsyncSpec asyncSpec =
                async == null
                        ? null
                        : new ServingPolicySpec.AsyncSpec(
                                async.maxConcurrentPerCopy(),
                                async.maxAttempts(),
                                text(async.ttl()),
                                text(async.invocationTimeout()),
                                async.notifications() == null
                                        ? null
                                        : async.notifications().spec());
        return new ServingPolicySpec(maxQueue, maxRows, batchingSpec, asyncSpec);
    }

    static String text(DurationValue duration) {
        return duration == null ? null : duration.toString();
    }
}
