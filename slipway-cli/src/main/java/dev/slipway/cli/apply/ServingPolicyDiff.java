package dev.slipway.cli.apply;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.ServingPolicySpec;
import dev.slipway.cli.input.DurationValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of an endpoint's plan that compares the manifest's queue, row, batching and async
 * settings with the server's: which differ (as {@code batching.maxBatchSize 1 -> 32} lines) and the
 * PATCH fields that make them match. Durations are compared by length, so {@code 60s} matches
 * {@code 1m}. The webhook secret cannot be read back, so only whether one is set is compared: a
 * changed secret in the same file is not noticed (rotate it with {@code slipway endpoints update}).
 */
final class ServingPolicyDiff {

    private static final String NONE = "(none)";

    private final List<String> differences;

    private ServingPolicyDiff(List<String> differences) {
        this.differences = differences;
    }

    /**
     * The fields to send so the server matches {@code wanted}, adding one line per difference to
     * {@code differences}; {@link ServingPolicySpec#NONE} when everything matches.
     */
    static ServingPolicySpec changes(
            ServingPolicy wanted, Endpoint current, List<String> differences) {
        ServingPolicyDiff diff = new ServingPolicyDiff(differences);
        return new ServingPolicySpec(
                diff.limit("maxQueue", wanted.maxQueue(), current.maxQueue(), "(default)"),
                diff.limit("maxRows", wanted.maxRows(), current.maxRows(), "(unlimited)"),
                diff.batching(wanted.batching(), current.batching()),
                diff.async(wanted.async(), current.async()));
    }

    /** A limit the server shows as null while none is set on the endpoint. */
    private Integer limit(String field, Integer wanted, Integer current, String unset) {
        if (wanted == null || wanted.equals(current)) {
            return null;
        }
        differences.add(field + " " + (current == null ? unset : current) + " -> " + wanted);
        return wanted;
    }

    /**
     * Both batching fields are sent when either differs, so a server that replaces the object whole
     * keeps the one that did not change.
     */
    private ServingPolicySpec.BatchingSpec batching(
            ServingPolicy.Batching wanted, Endpoint.Batching current) {
        if (wanted == null) {
            return null;
        }
        Integer size = current == null ? null : current.maxBatchSize();
        String delay = current == null ? null : current.maxDelay();
        boolean sizeDiffers = wanted.maxBatchSize() != null && !wanted.maxBatchSize().equals(size);
        boolean delayDiffers =
                wanted.maxDelay() != null && !wanted.maxDelay().equals(duration(delay));
        if (sizeDiffers) {
            differences.add("batching.maxBatchSize " + show(size) + " -> " + wanted.maxBatchSize());
        }
        if (delayDiffers) {
            differences.add("batching.maxDelay " + show(delay) + " -> " + wanted.maxDelay());
        }
        if (!sizeDiffers && !delayDiffers) {
            return null;
        }
        return new ServingPolicySpec.BatchingSpec(
                wanted.maxBatchSize() != null ? wanted.maxBatchSize() : size,
                wanted.maxDelay() != null ? wanted.maxDelay().toString() : delay);
    }

    /** Only the async fields that differ are sent; the server keeps the others. */
    private ServingPolicySpec.AsyncSpec async(ServingPolicy.Async wanted, Endpoint.Async current) {
        if (wanted == null) {
            return null;
        }
        Endpoint.Async now =
                current == null ? new Endpoint.Async(null, null, null, null, null) : current;
        ServingPolicySpec.AsyncSpec changes =
                new ServingPolicySpec.AsyncSpec(
                        count(
                                "async.maxConcurrentPerCopy",
                                wanted.maxConcurrentPerCopy(),
                                now.maxConcurrentPerCopy()),
                        count("async.maxAttempts", wanted.maxAttempts(), now.maxAttempts()),
                        duration("async.ttl", wanted.ttl(), now.ttl()),
                        duration(
                                "async.invocationTimeout",
                                wanted.invocationTimeout(),
                                now.invocationTimeout()),
                        notifications(wanted.notifications(), now.notifications()));
        return changes.changesNothing() ? null : changes;
    }

    private Integer count(String field, Integer wanted, Integer current) {
        if (wanted == null || wanted.equals(current)) {
            return null;
        }
        differences.add(field + " " + show(current) + " -> " + wanted);
        return wanted;
    }

    private String duration(String field, DurationValue wanted, String current) {
        if (wanted == null || wanted.equals(duration(current))) {
            return null;
        }
        differences.add(field + " " + show(current) + " -> " + wanted);
        return wanted.toString();
    }

    /**
     * The manifest describes the notifications whole, so they are sent whole (with the secret) when
     * any part differs.
     */
    private ServingPolicySpec.Notifications notifications(
            ServingPolicy.Notifications wanted, Endpoint.Notifications current) {
        if (wanted == null) {
            return null;
        }
        boolean wantsSecret = wanted.secret() != null;
        if (current == null) {
            differences.add("async.notifications " + NONE + " -> " + describe(wanted));
            return wanted.spec();
        }
        int before = differences.size();
        if (!Objects.equals(wanted.onSuccess(), current.onSuccess())) {
            differences.add(
                    "async.notifications.onSuccess "
                            + show(current.onSuccess())
                            + " -> "
                            + show(wanted.onSuccess()));
        }
        if (!Objects.equals(wanted.onError(), current.onError())) {
            differences.add(
                    "async.notifications.onError "
                            + show(current.onError())
                            + " -> "
                            + show(wanted.onError()));
        }
        if (wantsSecret != current.secretSet()) {
            differences.add(
                    "async.notifications.secret "
                            + (current.secretSet() ? "set" : "(not set)")
                            + " -> "
                            + (wantsSecret ? "from " + wanted.secretFile().getFileName() : NONE));
        }
        return differences.size() == before ? null : wanted.spec();
    }

    /** {@code onSuccess URL, onError URL, secret from hook.secret}; never the secret. */
    private static String describe(ServingPolicy.Notifications wanted) {
        List<String> parts = new ArrayList<>();
        if (wanted.onSuccess() != null) {
            parts.add("onSuccess " + wanted.onSuccess());
        }
        if (wanted.onError() != null) {
            parts.add("onError " + wanted.onError());
        }
        if (wanted.secretFile() != null) {
            parts.add("secret from " + wanted.secretFile().getFileName());
        }
        return String.join(", ", parts);
    }

    private static String show(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** The server's spelling as a duration; null (so: different) when it cannot be read. */
    private static DurationValue duration(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DurationValue.parse(text);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
