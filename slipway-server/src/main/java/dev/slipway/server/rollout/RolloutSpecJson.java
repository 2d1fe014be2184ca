package dev.slipway.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.analysis.EquivalenceCriteria;
import dev.slipway.core.endpoint.Quantities;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.rollout.Guardrails;
import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.server.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rollout specs as JSON (docs/api.md), for the API, manifests and the database. Unknown fields are
 * refused so that a typo never silently falls back to a default. Stateless.
 */
public final class RolloutSpecJson {
    private static final Set<String> EXPEDITED = Set.of("strategy", "keepPreviousFor");
    private static final Set<String> GRADUAL =
            Set.of(
                    "strategy",
                    "steps",
                    "linear",
                    "bake",
                    "approvalBefore",
                    "keepPreviousFor",
                    "guardrails");
    private static final Set<String> SHADOW =
            Set.of("strategy", "mirrorPercent", "approval", "analysis", "then");

    private RolloutSpecJson() {}

    /**
     * @param field names the object in messages, e.g. {@code rollout}
     * @param ignored fields of the enclosing object that are not part of the spec
     * @throws SlipwayException INVALID_ARGUMENT naming the field
     */
    public static RolloutSpec fromJson(JsonNode node, String field, Set<String> ignored) {
        if (node == null || !node.isObject()) {
            throw SlipwayException.invalidArgument(field + " must be an object with a 'strategy'");
        }
        String strategy = node.path("strategy").asText("");
        try {
            return switch (strategy) {
                case "expedited" -> {
                    only(node, EXPEDITED, ignored, field);
                    yield new RolloutSpec.Expedited(
                            duration(node, "keepPreviousFor", Duration.ZERO, field));
                }
                case "gradual" -> gradual(node, field, ignored);
                case "shadow" -> shadow(node, field, ignored);
                default ->
                        throw SlipwayException.invalidArgument(
                                field
                                        + ".strategy '"
                                        + strategy
                                        + "' must be expedited, gradual or shadow");
            };
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(field + ": " + e.getMessage());
        }
    }

    private static RolloutSpec.Gradual gradual(JsonNode node, String field, Set<String> ignored) {
        only(node, GRADUAL, ignored, field);
        RolloutSpec.Gradual defaults = RolloutSpec.Gradual.DEFAULT;
        List<Integer> steps = defaults.steps();
        if (node.has("steps") && node.has("linear")) {
            throw SlipwayException.invalidArgument(field + " has both steps and linear; give one");
        }
        if (node.has("steps")) {
            steps = integers(node.get("steps"), field + ".steps");
        } else if (node.has("linear")) {
            JsonNode step = node.get("linear").get("step");
            if (step == null || !step.isInt()) {
                throw SlipwayException.invalidArgument(field + ".linear.step must be an integer");
            }
            steps = RolloutSpec.Gradual.linear(step.asInt());
        }
        Set<Integer> approvalBefore =
                node.has("approvalBefore")
                        ? new HashSet<>(
                                integers(node.get("approvalBefore"), field + ".approvalBefore"))
                        : Set.of();
        return new RolloutSpec.Gradual(
                steps,
                duration(node, "bake", defaults.bake(), field),
                guardrails(node.get("guardrails"), field + ".guardrails"),
                approvalBefore,
                duration(node, "keepPreviousFor", Duration.ZERO, field));
    }

    private static Guardrails guardrails(JsonNode node, String field) {
        Guardrails defaults = Guardrails.DEFAULT;
        if (node == null || node.isNull()) {
            return defaults;
        }
        only(
                node,
                Set.of("maxErrorRate", "latencyP99Ratio", "maxP99", "minRequests"),
                Set.of(),
                field);
        return new Guardrails(
                node.has("maxErrorRate")
                        ? number(node, "maxErrorRate", field)
                        : defaults.maxErrorRate(),
                node.has("latencyP99Ratio") ? number(node, "latencyP99Ratio", field) : null,
                node.has("maxP99") ? duration(node, "maxP99", null, field) : null,
                node.has("minRequests")
                        ? integer(node, "minRequests", field)
                        : defaults.minRequests());
    }

    private static RolloutSpec.Shadow shadow(JsonNode node, String field, Set<String> ignored) {
        only(node, SHADOW, ignored, field);
        String approval = node.path("approval").asText("auto");
        if (!approval.equals("auto") && !approval.equals("manual")) {
            throw SlipwayException.invalidArgument(
                    field + ".approval '" + approval + "' must be auto or manual");
        }
        RolloutSpec then =
                node.has("then")
                        ? fromJson(node.get("then"), field + ".then", Set.of())
                        : RolloutSpec.Expedited.DEFAULT;
        return new RolloutSpec.Shadow(
                node.has("mirrorPercent") ? (int) integer(node, "mirrorPercent", field) : 100,
                criteria(node.get("analysis"), field + ".analysis"),
                approval.equals("manual"),
                then);
    }

    private static EquivalenceCriteria criteria(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return EquivalenceCriteria.minPairsOnly(100);
        }
        only(
                node,
                Set.of("minPairs", "maxKsStatistic", "minPValue", "maxMeanAbsDiff", "minAgreement"),
                Set.of(),
                field);
        try {
            return new EquivalenceCriteria(
                    node.has("minPairs") ? (int) integer(node, "minPairs", field) : 100,
                    node.has("maxKsStatistic") ? number(node, "maxKsStatistic", field) : null,
                    node.has("minPValue") ? number(node, "minPValue", field) : null,
                    node.has("maxMeanAbsDiff") ? number(node, "maxMeanAbsDiff", field) : null,
                    node.has("minAgreement") ? number(node, "minAgreement", field) : null);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    public static ObjectNode toJson(RolloutSpec spec) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("strategy", spec.strategy());
        switch (spec) {
            case RolloutSpec.Expedited expedited ->
                    node.put(
                            "keepPreviousFor",
                            Quantities.formatDuration(expedited.keepPreviousFor()));
            case RolloutSpec.Gradual gradual -> {
                var steps = node.putArray("steps");
                gradual.steps().forEach(steps::add);
                node.put("bake", Quantities.formatDuration(gradual.bake()));
                var approvals = node.putArray("approvalBefore");
                gradual.approvalBefore().stream().sorted().forEach(approvals::add);
                node.put("keepPreviousFor", Quantities.formatDuration(gradual.keepPreviousFor()));
                ObjectNode guardrails = node.putObject("guardrails");
                Guardrails g = gradual.guardrails();
                if (g.maxErrorRate() != null) guardrails.put("maxErrorRate", g.maxErrorRate());
                if (g.latencyP99Ratio() != null)
                    guardrails.put("latencyP99Ratio", g.latencyP99Ratio());
                if (g.maxP99() != null)
                    guardrails.put("maxP99", Quantities.formatDuration(g.maxP99()));
                guardrails.put("minRequests", g.minRequests());
            }
            case RolloutSpec.Shadow shadow -> {
                node.put("mirrorPercent", shadow.mirrorPercent());
                node.put("approval", shadow.manualApproval() ? "manual" : "auto");
                ObjectNode analysis = node.putObject("analysis");
                EquivalenceCriteria c = shadow.criteria();
                analysis.put("minPairs", c.minPairs());
                if (c.maxKsStatistic() != null) analysis.put("maxKsStatistic", c.maxKsStatistic());
                if (c.minPValue() != null) analysis.put("minPValue", c.minPValue());
                if (c.maxMeanAbsDiff() != null) analysis.put("maxMeanAbsDiff", c.maxMeanAbsDiff());
                if (c.minAgreement() != null) analysis.put("minAgreement", c.minAgreement());
                node.set("then", toJson(shadow.then()));
            }
        }
        return node;
    }

    private static void only(
            JsonNode node, Set<String> allowed, Set<String> ignored, String field) {
        node.fieldNames()
                .forEachRemaining(
                        name -> {
                            if (!allowed.contains(name) && !ignored.contains(name)) {
                                throw SlipwayException.invalidArgument(
                                        field
                                                + "."
                                                + name
                                                + " is not a field of a "
                                                + node.path("strategy").asText("")
                                                + " rollout (allowed: "
                                                + String.join(
                                                        ", ", allowed.stream().sorted().toList())
                                                + ")");
                            }
                        });
    }

    private static List<Integer> integers(JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            throw SlipwayException.invalidArgument(field + " must be an array of integers");
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isInt()) {
                throw SlipwayException.invalidArgument(field + " must be an array of integers");
            }
            values.add(value.asInt());
        }
        return values;
    }

    private static double number(JsonNode node, String name, String field) {
        if (!node.get(name).isNumber()) {
            throw SlipwayException.invalidArgument(field + "." + name + " must be a number");
        }
        return node.get(name).asDouble();
    }

    private static long integer(JsonNode node, String name, String field) {
        if (!node.get(name).isIntegralNumber()) {
            throw SlipwayException.invalidArgument(field + "." + name + " must be an integer");
        }
        return node.get(name).asLong();
    }

    private static Duration duration(JsonNode node, String name, Duration fallback, String field) {
        if (!node.has(name)) {
            return fallback;
        }
        String text = node.get(name).asText();
        return text.equals("0") || text.equals("0s")
                ? Duration.ZERO
                : Quantities.parseDuration(field + "." + name, text);
    }
}
