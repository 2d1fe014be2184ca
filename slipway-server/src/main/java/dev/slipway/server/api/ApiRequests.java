package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.EndpointChange;
import dev.slipway.core.endpoint.Quantities;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.server.protocol.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads control-API requests: JSON bodies, path and query parameters. Every mistake becomes an
 * INVALID_ARGUMENT that names the field. Stateless.
 */
final class ApiRequests {
    private ApiRequests() {}

    static EndpointChange change(JsonNode body) {
        JsonNode resources = body.path("resources");
        Integer copies = null;
        if (body.has("copies")) {
            if (!body.get("copies").isInt()) {
                throw SlipwayException.invalidArgument("copies must be an integer");
            }
            copies = body.get("copies").asInt();
        }
        Double cores = null;
        if (resources.has("cores")) {
            if (!resources.get("cores").isNumber()) {
                throw SlipwayException.invalidArgument("resources.cores must be a number");
            }
            cores = resources.get("cores").asDouble();
        }
        Long memory =
                resources.has("memory")
                        ? Quantities.parseMemory(
                                "resources.memory", resources.get("memory").asText())
                        : null;
        return new EndpointChange(
                optionalText(body, "model"),
                copies,
                cores,
                memory,
                body.has("timeout")
                        ? Quantities.parseDuration("timeout", body.get("timeout").asText())
                        : null,
                queueChange(body),
                asyncChange(body));
    }

    private static EndpointChange.AsyncChange asyncChange(JsonNode body) {
        if (!body.has("async")) {
            return EndpointChange.AsyncChange.NONE;
        }
        JsonNode async = body.get("async");
        if (!async.isObject()) {
            throw SlipwayException.invalidArgument("async must be an object");
        }
        boolean notificationsGiven = async.has("notifications");
        AsyncSettings.Notifications notifications = null;
        JsonNode given = async.path("notifications");
        if (notificationsGiven && !given.isNull()) {
            if (!given.isObject()) {
                throw SlipwayException.invalidArgument(
                        "async.notifications must be an object with onSuccess, onError and secret");
            }
            try {
                notifications =
                        new AsyncSettings.Notifications(
                                optionalUri(given, "onSuccess"),
                                optionalUri(given, "onError"),
                                optionalText(given, "secret"));
            } catch (IllegalArgumentException e) {
                throw SlipwayException.invalidArgument(e.getMessage());
            }
        }
        return new EndpointChange.AsyncChange(
                optionalInt(async, "maxConcurrentPerCopy", "async.maxConcurrentPerCopy"),
                optionalInt(async, "maxAttempts", "async.maxAttempts"),
                async.has("ttl")
                        ? Quantities.parseDuration("async.ttl", async.get("ttl").asText())
                        : null,
                async.has("invocationTimeout")
                        ? Quantities.parseDuration(
                                "async.invocationTimeout", async.get("invocationTimeout").asText())
                        : null,
                notificationsGiven,
                notifications);
    }

    private static URI optionalUri(JsonNode object, String name) {
        String text = optionalText(object, name);
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw SlipwayException.invalidArgument(
                    "async.notifications." + name + " is not a URL: " + e.getMessage());
        }
    }

    private static EndpointChange.QueueChange queueChange(JsonNode body) {
        JsonNode batching = body.path("batching");
        if (body.has("batching") && !batching.isObject()) {
            throw SlipwayException.invalidArgument(
                    "batching must be an object like {\"maxBatchSize\": 32, \"maxDelay\": \"2ms\"}");
        }
        return new EndpointChange.QueueChange(
                queueLimit(body, "maxQueue"),
                queueLimit(body, "maxRows"),
                optionalInt(batching, "maxBatchSize", "batching.maxBatchSize"),
                batching.has("maxDelay")
                        ? Quantities.parseDuration(
                                "batching.maxDelay", batching.get("maxDelay").asText())
                        : null);
    }

    /**
     * A queue limit: null resets it (the node's default queue, no row limit), which the policy
     * stores as 0; an explicit 0 is out of range.
     */
    private static Integer queueLimit(JsonNode body, String name) {
        if (body.has(name) && body.get(name).isNull()) {
            return 0;
        }
        Integer value = optionalInt(body, name, name);
        if (value != null && value < 1) {
            throw SlipwayException.invalidArgument(
                    name + " must be at least 1 (null resets it), got " + value);
        }
        return value;
    }

    private static Integer optionalInt(JsonNode object, String name, String field) {
        if (!object.has(name)) {
            return null;
        }
        if (!object.get(name).isInt()) {
            throw SlipwayException.invalidArgument(field + " must be an integer");
        }
        return object.get(name).asInt();
    }

    static ModelVersionId versionId(RoutingContext routing) {
        String model = routing.pathParam("model");
        String text = routing.pathParam("version");
        try {
            return new ModelVersionId(model, Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument("version '" + text + "' must be a number >= 1");
        }
    }

    static int intParam(RoutingContext routing, String name, int fallback) {
        String text = routing.queryParams().get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SlipwayException.invalidArgument(name + " must be an integer");
        }
    }

    /** The {@code limit} query parameter of a list call: 50 by default, read within 1-500. */
    static int limit(RoutingContext routing) {
        return Math.min(Math.max(1, intParam(routing, "limit", 50)), 500);
    }

    /** The numeric {@code :id} path parameter; {@code what} names it in the message ("rollout"). */
    static long id(RoutingContext routing, String what) {
        String text = routing.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw SlipwayException.invalidArgument(what + " id '" + text + "' must be a number");
        }
    }

    static JsonNode jsonBody(RoutingContext routing) {
        Buffer buffer = routing.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(buffer.getBytes());
            if (!node.isObject()) {
                throw SlipwayException.invalidArgument("request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw SlipwayException.invalidArgument(field + " must be a string");
        }
        return value.asText();
    }

    static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw SlipwayException.invalidArgument(field + " must be an object of strings");
        }
        Map<String, String> map = new HashMap<>();
        value.fields()
                .forEachRemaining(
                        entry -> {
                            if (!entry.getValue().isValueNode()) {
                                throw SlipwayException.invalidArgument(
                                        field + "." + entry.getKey() + " must be a string");
                            }
                            map.put(entry.getKey(), entry.getValue().asText());
                        });
        return map;
    }

    static Map<String, Double> numberMap(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw SlipwayException.invalidArgument(field + " must be an object of numbers");
        }
        Map<String, Double> map = new HashMap<>();
        value.fields()
                .forEachRemaining(
                        entry -> {
                            if (!entry.getValue().isNumber()) {
                                throw SlipwayException.invalidArgument(
                                        field + "." + entry.getKey() + " must be a number");
                            }
                            map.put(entry.getKey(), entry.getValue().asDouble());
                        });
        return map;
    }

    static String baseUrl(RoutingContext routing) {
        var authority = routing.request().authority();
        return routing.request().scheme()
                + "://"
                + (authority == null ? "127.0.0.1" : authority.toString());
    }
}
