package dev.slipway.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.SecretFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the queue, row, batching and async fields of an endpoint's {@code spec}: {@code maxQueue},
 * {@code maxRows}, {@code batching {maxBatchSize, maxDelay}} and {@code async
 * {maxConcurrentPerCopy, maxAttempts, ttl, invocationTimeout, notifications {onSuccess, onError,
 * secretFile}}}. Each problem is recorded under its dotted field path; the webhook secret is read
 * from its file (beside the manifest) here, so a missing file is reported before anything is sent.
 */
final class ServingPolicyDocument {

    /** The fields of an endpoint's {@code spec} this class reads. */
    static final Set<String> SPEC_FIELDS = Set.of("maxQueue", "maxRows", "batching", "async");

    private static final Set<String> BATCHING_FIELDS = Set.of("maxBatchSize", "maxDelay");
    private static final Set<String> ASYNC_FIELDS =
            Set.of(
                    "maxConcurrentPerCopy",
                    "maxAttempts",
                    "ttl",
                    "invocationTimeout",
                    "notifications");
    private static final Set<String> NOTIFICATION_FIELDS =
            Set.of("onSuccess", "onError", "secretFile");

    private ServingPolicyDocument() {}

    /** The policy in {@code spec}; {@link ServingPolicy#NONE} when it gives none of the fields. */
    static ServingPolicy read(DocumentReader reader, JsonNode spec) {
        Integer maxQueue = atLeast(reader, spec, "spec", "maxQueue", 1);
        Integer maxRows = atLeast(reader, spec, "spec", "maxRows", 1);
        ServingPolicy.Batching batching = null;
        JsonNode batchingNode = reader.mapping(spec, "spec", "batching", false);
        if (batchingNode != null) {
            reader.rejectUnknown(batchingNode, "spec.batching", BATCHING_FIELDS);
            batching =
                    new ServingPolicy.Batching(
                            atLeast(reader, batchingNode, "spec.batching", "maxBatchSize", 1),
                            duration(reader, batchingNode, "spec.batching", "maxDelay", false));
        }
        JsonNode asyncNode = reader.mapping(spec, "spec", "async", false);
        ServingPolicy.Async async = asyncNode == null ? null : async(reader, asyncNode);
        return new ServingPolicy(maxQueue, maxRows, batching, async);
    }

    private static ServingPolicy.Async async(DocumentReader reader, JsonNode node) {
        String path = "spec.async";
        reader.rejectUnknown(node, path, ASYNC_FIELDS);
        JsonNode notifications = reader.mapping(node, path, "notifications", false);
        return new ServingPolicy.Async(
                atLeast(reader, node, path, "maxConcurrentPerCopy", 1),
                atLeast(reader, node, path, "maxAttempts", 1),
                duration(reader, node, path, "ttl", true),
                duration(reader, node, path, "invocationTimeout", true),
                notifications == null ? null : notifications(reader, notifications));
    }

    private static ServingPolicy.Notifications notifications(DocumentReader reader, JsonNode node) {
        String path = "spec.async.notifications";
        reader.rejectUnknown(node, path, NOTIFICATION_FIELDS);
        String onSuccess = webUrl(reader, node, path, "onSuccess");
        String onError = webUrl(reader, node, path, "onError");
        if (!node.hasNonNull("onSuccess") && !node.hasNonNull("onError")) {
            reader.problem(path, "needs onSuccess, onError or both");
        }
        // Required as the server requires it: every webhook is signed with the secret.
        String written = reader.string(node, path, "secretFile", true);
        if (written == null) {
            return new ServingPolicy.Notifications(onSuccess, onError, null, null);
        }
        Path file = reader.source().file().resolveSibling(written);
        try {
            return new ServingPolicy.Notifications(onSuccess, onError, file, SecretFile.read(file));
        } catch (InputFileException unreadable) {
            reader.invalid(path + ".secretFile", unreadable.getMessage());
            return new ServingPolicy.Notifications(onSuccess, onError, null, null);
        }
    }

    private static Integer atLeast(
            DocumentReader reader, JsonNode node, String path, String field, int minimum) {
        Integer value = reader.integer(node, path, field);
        if (value != null && value < minimum) {
            reader.problem(DocumentReader.join(path, field), "must be >= " + minimum);
            return null;
        }
        return value;
    }

    private static DurationValue duration(
            DocumentReader reader, JsonNode node, String path, String field, boolean positive) {
        String text = reader.string(node, path, field, false);
        if (text == null) {
            return null;
        }
        String place = DocumentReader.join(path, field);
        DurationValue duration;
        try {
            duration = DurationValue.parse(text);
        } catch (IllegalArgumentException invalid) {
            reader.invalid(place, invalid.getMessage());
            return null;
        }
        if (positive && duration.duration().isZero()) {
            reader.problem(place, "must be more than 0");
            return null;
        }
        return duration;
    }

    private static String webUrl(DocumentReader reader, JsonNode node, String path, String field) {
        String text = reader.string(node, path, field, false);
        if (text == null) {
            return null;
        }
        URI url;
        try {
            url = URI.create(text.strip());
        } catch (IllegalArgumentException notUri) {
            url = null;
        }
        String scheme =
                url == null || url.getScheme() == null
                        ? ""
                        : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            reader.problem(
                    DocumentReader.join(path, field),
                    "'" + text + "' is not an http:// or https:// URL with a host");
            return null;
        }
        return text.strip();
    }
}
