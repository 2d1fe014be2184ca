package dev.slipway.cli.api;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.input.JacksonMappers;

/**
 * A spec with the one field that says what it applies to, flattened into one JSON object as
 * docs/api.md writes it: {@code {"model": "wine:2", "strategy": ...}} for {@code POST
 * .../rollouts}, or {@code {"endpoint": "wine", "strategy": ...}} as a version request's {@code
 * rollout}.
 *
 * @param targetField {@code model} or {@code endpoint}
 * @param target the model reference or endpoint name
 */
public record RolloutRequest(String targetField, String target, RolloutSpec spec) {

    public RolloutRequest {
        if (targetField == null || target == null || spec == null) {
            throw new IllegalArgumentException("targetField, target and spec are required");
        }
    }

    /** The body of {@code POST /api/v1/endpoints/{endpoint}/rollouts}. */
    public static RolloutRequest forModel(String model, RolloutSpec spec) {
        return new RolloutRequest("model", model, spec);
    }

    /** The {@code rollout} of a version request: start it on this endpoint once registered. */
    public static RolloutRequest onEndpoint(String endpoint, RolloutSpec spec) {
        return new RolloutRequest("endpoint", endpoint, spec);
    }

    @JsonValue
    public ObjectNode json() {
        ObjectNode node = JacksonMappers.JSON.createObjectNode();
        node.put(targetField, target);
        node.setAll((ObjectNode) JacksonMappers.JSON.valueToTree(spec));
        return node;
    }
}
