package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.input.JacksonMappers;

/**
 * Rollouts as the server answers them (docs/api.md, "Rollout"), as JSON a test adjusts field by
 * field before handing it to the canned server or reading it with the CLI's own mapper.
 */
final class RolloutAnswers {

    private RolloutAnswers() {}

    /** Rollout 7 of endpoint wine from wine:1 to wine:2, gradual over 10/50/100, provisioning. */
    static ObjectNode gradual() {
        return object(
                """
                {"id": 7, "endpoint": "wine", "from": "wine:1", "to": "wine:2", "strategy": "gradual",
                 "spec": {"strategy": "gradual", "steps": [10, 50, 100], "bake": "30s", "approvalBefore": [],
                          "keepPreviousFor": "0s", "guardrails": {"maxErrorRate": 0.05, "minRequests": 20}},
                 "phase": "provisioning", "active": true, "step": null, "phaseStartedAt": "2025-01-01T00:00:00Z",
                 "pendingAction": null, "reason": "",
                 "traffic": {"primary": "wine:1", "candidate": "wine:2", "candidatePercent": 0, "mirrorPercent": 0},
                 "guardrails": null, "analysis": null, "events": [],
                 "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}""");
    }

    /** Rollout 8 of endpoint wine, shadow mirroring half the requests, then expedited. */
    static ObjectNode shadow() {
        return object(
                """
                {"id": 8, "endpoint": "wine", "from": "wine:1", "to": "wine:2", "strategy": "shadow",
                 "spec": {"strategy": "shadow", "mirrorPercent": 50, "approval": "auto",
                          "analysis": {"minPairs": 100}, "then": {"strategy": "expedited", "keepPreviousFor": "0s"}},
                 "phase": "mirroring", "active": true, "step": null, "phaseStartedAt": "2025-01-01T00:00:00Z",
                 "pendingAction": null, "reason": "",
                 "traffic": {"primary": "wine:1", "candidate": "wine:2", "candidatePercent": 0, "mirrorPercent": 50},
                 "guardrails": null, "analysis": null, "events": [],
                 "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}""");
    }

    /** The gradual rollout baking step {@code index} (from 0) at {@code percent}. */
    static ObjectNode baking(int index, int percent) {
        ObjectNode rollout = gradual();
        rollout.put("phase", "baking");
        rollout.set("step", object("{\"index\": %d, \"percent\": %d}".formatted(index, percent)));
        ((ObjectNode) rollout.get("traffic")).put("candidatePercent", percent);
        return rollout;
    }

    /** {@code rollout} ended in {@code phase}, e.g. completed or rolled_back, with a reason. */
    static ObjectNode ended(ObjectNode rollout, String phase, String reason) {
        rollout.put("phase", phase);
        rollout.put("active", false);
        rollout.put("reason", reason);
        rollout.putNull("step");
        return rollout;
    }

    static ObjectNode withGuardrails(
            ObjectNode rollout,
            long candidateRequests,
            double candidateErrorRate,
            double candidateP99) {
        rollout.set(
                "guardrails",
                object(
                        """
                        {"candidate": {"requests": %d, "failures": 1, "errorRate": %s, "p99Ms": %s},
                         "primary": {"requests": 130, "failures": 0, "errorRate": 0.0, "p99Ms": 38.0}}"""
                                .formatted(candidateRequests, candidateErrorRate, candidateP99)));
        return rollout;
    }

    static ObjectNode withEvents(ObjectNode rollout, String... typesAndMessages) {
        ArrayNode events = rollout.putArray("events");
        for (int index = 0; index < typesAndMessages.length; index += 2) {
            ObjectNode event = events.addObject();
            event.put("id", index / 2 + 1);
            event.put("at", "2025-01-01T00:00:0" + (index / 2) + "Z");
            event.put("subject", "endpoint/wine");
            event.put("type", typesAndMessages[index]);
            event.put("message", typesAndMessages[index + 1]);
        }
        return rollout;
    }

    static String json(JsonNode node) {
        return node.toString();
    }

    static Rollout read(JsonNode node) {
        try {
            return JacksonMappers.JSON.treeToValue(node, Rollout.class);
        } catch (JsonProcessingException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JacksonMappers.JSON.readTree(json);
        } catch (JsonProcessingException invalid) {
            throw new IllegalStateException(invalid);
        }
    }
}
