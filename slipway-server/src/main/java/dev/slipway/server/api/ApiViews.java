package dev.slipway.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.Quantities;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.event.Event;
import dev.slipway.core.golden.Mismatch;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.node.EndpointStatus;
import dev.slipway.core.registry.ModelRecord;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.SignatureJson;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the control API (docs/api.md). Stateless. */
final class ApiViews {
    private ApiViews() {}

    static ObjectNode model(
            ModelRecord model, Map<String, Integer> aliases, List<ModelVersion> versions) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", model.name());
        node.put("description", model.description());
        node.put("owner", model.owner());
        node.set("tags", Json.MAPPER.valueToTree(model.tags()));
        node.set("aliases", Json.MAPPER.valueToTree(aliases));
        if (versions.isEmpty()) {
            node.putNull("latestVersion");
        } else {
            node.put("latestVersion", versions.getLast().id().version());
        }
        node.put("createdAt", model.createdAt().toString());
        node.put("updatedAt", model.updatedAt().toString());
        return node;
    }

    static ObjectNode version(ModelVersion version, Map<String, Integer> aliases) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("model", version.id().model());
        node.put("version", version.id().version());
        node.put("format", version.format());
        ObjectNode artifact = node.putObject("artifact");
        artifact.put("sha256", version.artifact().sha256());
        artifact.put("size", version.artifact().size());
        node.set("signature", SignatureJson.toJson(version.signature()));
        node.put("goldenExamples", version.goldenExamples());
        node.put("description", version.description());
        node.set("tags", Json.MAPPER.valueToTree(version.tags()));
        node.set("lineage", Json.MAPPER.valueToTree(version.lineage()));
        node.set("metrics", Json.MAPPER.valueToTree(version.metrics()));
        node.set("runtimeParameters", Json.MAPPER.valueToTree(version.runtimeParameters()));
        node.put("status", version.status().wireName());
        var names = node.putArray("aliases");
        aliases.forEach(
                (alias, number) -> {
                    if (number == version.id().version()) {
                        names.add(alias);
                    }
                });
        node.put("createdAt", version.createdAt().toString());
        return node;
    }

    static ObjectNode endpoint(Endpoint endpoint, EndpointStatus status, String baseUrl) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", endpoint.name());
        ObjectNode model = node.putObject("model");
        model.put("ref", endpoint.ref().toString());
        model.put("name", endpoint.version().model());
        model.put("version", endpoint.version().version());
        node.put("copies", endpoint.copies());
        ObjectNode resources = node.putObject("resources");
        resources.put("cores", endpoint.resources().cores());
        resources.put("memory", Quantities.formatMemory(endpoint.resources().memoryBytes()));
        node.put("timeout", Quantities.formatDuration(endpoint.timeout()));
        queue(node, endpoint.queue());
        async(node.putObject("async"), endpoint.async());
        node.put("generation", endpoint.generation());
        ObjectNode state = node.putObject("status");
        state.put("state", status.state().wireName());
        state.put("readyCopies", status.readyCopies());
        if (status.servingVersion() > 0) {
            state.put("servingVersion", status.servingVersion());
        } else {
            state.putNull("servingVersion");
        }
        if (status.candidateVersion() > 0) {
            state.put("candidateVersion", status.candidateVersion());
        } else {
            state.putNull("candidateVersion");
        }
        state.put("message", status.message());
        traffic(node.putObject("traffic"), endpoint.traffic());
        ObjectNode urls = node.putObject("urls");
        urls.put("infer", baseUrl + "/v2/models/" + endpoint.name() + "/infer");
        urls.put("invocations", baseUrl + "/endpoints/" + endpoint.name() + "/invocations");
        urls.put(
                "asyncInvocations",
                baseUrl + "/endpoints/" + endpoint.name() + "/async-invocations");
        node.put("createdAt", endpoint.createdAt().toString());
        node.put("updatedAt", endpoint.updatedAt().toString());
        return node;
    }

    /** 0 in the policy means "the node's default" or "no limit": written as null. */
    private static void queue(ObjectNode node, QueuePolicy queue) {
        if (queue.maxQueue() > 0) {
            node.put("maxQueue", queue.maxQueue());
        } else {
            node.putNull("maxQueue");
        }
        if (queue.maxRows() > 0) {
            node.put("maxRows", queue.maxRows());
        } else {
            node.putNull("maxRows");
        }
        node.putObject("batching")
                .put("maxBatchSize", queue.batching().maxBatchSize())
                .put("maxDelay", Quantities.formatDuration(queue.batching().maxDelay()));
    }

    /** The secret is write-only: only whether one is set is shown. */
    private static void async(ObjectNode node, AsyncSettings async) {
        node.put("maxConcurrentPerCopy", async.maxConcurrentPerCopy());
        node.put("maxAttempts", async.maxAttempts());
        node.put("ttl", Quantities.formatDuration(async.ttl()));
        node.put("invocationTimeout", Quantities.formatDuration(async.invocationTimeout()));
        AsyncSettings.Notifications notifications = async.notifications();
        if (notifications == null) {
            node.putNull("notifications");
        } else {
            ObjectNode view = node.putObject("notifications");
            view.put(
                    "onSuccess",
                    notifications.onSuccess() == null
                            ? null
                            : notifications.onSuccess().toString());
            view.put(
                    "onError",
                    notifications.onError() == null ? null : notifications.onError().toString());
            view.put("secretSet", true);
        }
    }

    static ObjectNode report(ValidationReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("model", report.version().model());
        node.put("version", report.version().version());
        node.put("passed", report.passed());
        node.put("examples", report.examples());
        var mismatches = node.putArray("mismatches");
        for (Mismatch mismatch : report.mismatches()) {
            mismatches.add(Json.MAPPER.valueToTree(mismatch));
        }
        return node;
    }

    static ObjectNode rollout(dev.slipway.core.rollout.Rollout rollout) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", rollout.id());
        node.put("endpoint", rollout.endpoint());
        node.put("from", rollout.from().toString());
        node.put("to", rollout.to().toString());
        node.put("strategy", rollout.spec().strategy());
        node.set("spec", dev.slipway.server.rollout.RolloutSpecJson.toJson(rollout.spec()));
        node.put("phase", rollout.phase().wireName());
        node.put("active", !rollout.phase().terminal());
        if (rollout.step() >= 0
                && rollout.activeSpec()
                        instanceof dev.slipway.core.rollout.RolloutSpec.Gradual gradual) {
            ObjectNode step = node.putObject("step");
            step.put("index", rollout.step());
            step.put("percent", gradual.steps().get(rollout.step()));
        } else {
            node.putNull("step");
        }
        node.put("phaseStartedAt", rollout.phaseStartedAt().toString());
        if (rollout.pending() == null) {
            node.putNull("pendingAction");
        } else {
            node.put("pendingAction", rollout.pending().wireName());
        }
        node.put("reason", rollout.reason());
        var serving = dev.slipway.core.rollout.RolloutPlanner.serving(rollout);
        ObjectNode traffic = node.putObject("traffic");
        traffic.put("primary", serving.primary().toString());
        traffic(traffic, serving.traffic());
        if (rollout.analysis() == null) {
            node.putNull("analysis");
        } else {
            node.set(
                    "analysis", dev.slipway.server.rollout.AnalysisJson.toJson(rollout.analysis()));
        }
        node.put("createdAt", rollout.createdAt().toString());
        node.put("updatedAt", rollout.updatedAt().toString());
        return node;
    }

    /** The candidate fields of a traffic object (the same in endpoint and rollout views). */
    private static void traffic(ObjectNode node, dev.slipway.core.endpoint.Traffic traffic) {
        if (traffic.hasCandidate()) {
            node.put("candidate", traffic.candidate().toString());
        } else {
            node.putNull("candidate");
        }
        node.put("candidatePercent", traffic.candidatePercent());
        node.put("mirrorPercent", traffic.mirrorPercent());
    }

    static ObjectNode window(dev.slipway.core.rollout.TrafficWindow window) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("requests", window.requests());
        node.put("failures", window.failures());
        node.put("errorRate", window.errorRate());
        node.put("p99Ms", window.p99Millis());
        return node;
    }

    /** {@code {"<field>": [view of each item]}}, for the list calls. */
    static <T> ObjectNode list(
            String field, List<T> items, java.util.function.Function<T, ObjectNode> view) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        var array = answer.putArray(field);
        items.forEach(item -> array.add(view.apply(item)));
        return answer;
    }

    /** An instant as the API writes it, or null. */
    static String time(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The object with its events added as {@code "events"}, oldest first. */
    static ObjectNode withEvents(ObjectNode node, List<Event> events) {
        var array = node.putArray("events");
        events.forEach(event -> array.add(event(event)));
        return node;
    }

    static ObjectNode event(Event event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("at", event.at().toString());
        node.put("subject", event.subject());
        node.put("type", event.type());
        node.put("message", event.message());
        return node;
    }
}
