package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.endpoint.NodeCapacity;
import dev.slipway.core.endpoint.Quantities;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.event.EventLog;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.registry.ModelMetadata;
import dev.slipway.core.registry.ModelRecord;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.VersionRegistration;
import dev.slipway.core.rollout.Rollout;
import dev.slipway.core.rollout.RolloutService;
import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.GoldenJson;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.SignatureJson;
import dev.slipway.server.rollout.RolloutSpecJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The control plane REST API under {@code /api/v1} (docs/api.md). Handlers only parse, call a core
 * service on the blocking worker pool, and render; they never choose failure statuses.
 */
public final class ControlApiRoutes {
    private final ModelRegistry registry;
    private final EndpointService endpoints;
    private final RolloutService rollouts;
    private final LocalNode node;
    private final EventLog events;
    private final NodeCapacity capacity;
    private final List<String> formats;
    private final String serverVersion;
    private final WorkerPool blocking;
    private final ArtifactUploads uploads;

    public ControlApiRoutes(
            ModelRegistry registry,
            EndpointService endpoints,
            RolloutService rollouts,
            LocalNode node,
            EventLog events,
            ArtifactStore artifacts,
            NodeCapacity capacity,
            List<String> formats,
            String serverVersion,
            WorkerPool blocking,
            long maxArtifactBytes) {
        this.registry = registry;
        this.endpoints = endpoints;
        this.rollouts = rollouts;
        this.node = node;
        this.events = events;
        this.capacity = capacity;
        this.formats = formats;
        this.serverVersion = serverVersion;
        this.blocking = blocking;
        this.uploads = new ArtifactUploads(artifacts, blocking, maxArtifactBytes);
    }

    /**
     * Routes that read a JSON body need the body handler mounted before them on {@code /api/v1}.
     */
    public void mount(Router router) {
        router.post("/api/v1/artifacts").handler(uploads::upload);
        router.get("/api/v1/server").handler(this::server);
        router.get("/api/v1/events").handler(this::events);
        router.get("/api/v1/models").handler(this::listModels);
        router.put("/api/v1/models/:model").handler(this::putModel);
        router.get("/api/v1/models/:model").handler(this::getModel);
        router.post("/api/v1/models/:model/versions").handler(this::registerVersion);
        router.get("/api/v1/models/:model/versions/:version").handler(this::getVersion);
        router.get("/api/v1/models/:model/versions/:version/golden").handler(this::getGolden);
        router.post("/api/v1/models/:model/versions/:version/validate").handler(this::validate);
        router.get("/api/v1/models/:model/aliases/:alias").handler(this::getAlias);
        router.put("/api/v1/models/:model/aliases/:alias").handler(this::putAlias);
        router.delete("/api/v1/models/:model/aliases/:alias").handler(this::deleteAlias);
    }

    private void server(RoutingContext routing) {
        respond(
                routing,
                200,
                () -> {
                    ObjectNode node = Json.MAPPER.createObjectNode();
                    node.put("name", "slipway");
                    node.put("version", serverVersion);
                    double usedCores = 0;
                    long usedMemory = 0;
                    for (Endpoint endpoint : endpoints.list()) {
                        usedCores += endpoint.reservedCores();
                        usedMemory += endpoint.reservedMemory();
                    }
                    ObjectNode capacityNode = node.putObject("node");
                    capacityNode.put("cores", capacity.cores());
                    capacityNode.put("memory", Quantities.formatMemory(capacity.memoryBytes()));
                    capacityNode.put("usedCores", usedCores);
                    capacityNode.put("usedMemory", Quantities.formatMemory(usedMemory));
                    node.set("runtimes", Json.MAPPER.valueToTree(formats));
                    return node;
                });
    }

    private void events(RoutingContext routing) {
        String subject = routing.queryParams().get("subject");
        int limit = ApiRequests.intParam(routing, "limit", 100);
        respond(
                routing,
                200,
                () -> {
                    ObjectNode node = Json.MAPPER.createObjectNode();
                    var list = node.putArray("events");
                    events.recent(subject, Math.min(limit, 1000))
                            .forEach(event -> list.add(ApiViews.event(event)));
                    return node;
                });
    }

    private void listModels(RoutingContext routing) {
        respond(
                routing,
                200,
                () -> {
                    ObjectNode node = Json.MAPPER.createObjectNode();
                    var list = node.putArray("models");
                    for (ModelRecord model : registry.listModels()) {
                        list.add(
                                ApiViews.model(
                                        model,
                                        registry.aliases(model.name()),
                                        registry.versions(model.name())));
                    }
                    return node;
                });
    }

    private void getModel(RoutingContext routing) {
        String name = routing.pathParam("model");
        respond(
                routing,
                200,
                () -> {
                    ModelRecord model = registry.model(name);
                    Map<String, Integer> aliases = registry.aliases(name);
                    List<ModelVersion> versions = registry.versions(name);
                    ObjectNode node = ApiViews.model(model, aliases, versions);
                    var list = node.putArray("versions");
                    versions.forEach(version -> list.add(ApiViews.version(version, aliases)));
                    return node;
                });
    }

    private void putModel(RoutingContext routing) {
        String name = routing.pathParam("model");
        JsonNode body = ApiRequests.jsonBody(routing);
        respond(
                routing,
                200,
                () -> {
                    ModelMetadata metadata =
                            new ModelMetadata(
                                    ApiRequests.optionalText(body, "description"),
                                    ApiRequests.optionalText(body, "owner"),
                                    ApiRequests.stringMap(body, "tags"));
                    ModelRecord model = registry.putModel(name, metadata);
                    return ApiViews.model(model, registry.aliases(name), registry.versions(name));
                });
    }

    private void registerVersion(RoutingContext routing) {
        String name = routing.pathParam("model");
        JsonNode body = ApiRequests.jsonBody(routing);
        respond(
                routing,
                201,
                () -> {
                    JsonNode artifact = body.get("artifact");
                    if (artifact == null || !artifact.path("sha256").isTextual()) {
                        throw SlipwayException.invalidArgument(
                                "artifact.sha256 is required (upload with POST /api/v1/artifacts)");
                    }
                    if (!body.path("format").isTextual()) {
                        throw SlipwayException.invalidArgument(
                                "format is required (one of " + String.join(", ", formats) + ")");
                    }
                    VersionRegistration registration =
                            new VersionRegistration(
                                    name,
                                    artifact.get("sha256").asText(),
                                    body.get("format").asText(),
                                    body.hasNonNull("signature")
                                            ? Optional.of(
                                                    SignatureJson.fromJson(
                                                            body.get("signature"), "signature"))
                                            : Optional.empty(),
                                    GoldenJson.fromJson(body.get("golden"), "golden"),
                                    ApiRequests.optionalText(body, "description"),
                                    ApiRequests.stringMap(body, "tags"),
                                    ApiRequests.stringMap(body, "lineage"),
                                    ApiRequests.numberMap(body, "metrics"),
                                    !body.has("validate") || body.get("validate").asBoolean(true),
                                    ApiRequests.stringMap(body, "runtimeParameters"));
                    // The retrained-model flow: register, then roll the new version out at once.
                    String rolloutEndpoint = null;
                    RolloutSpec rolloutSpec = null;
                    if (body.hasNonNull("rollout")) {
                        JsonNode rollout = body.get("rollout");
                        rolloutEndpoint = rollout.path("endpoint").asText(name);
                        rolloutSpec =
                                RolloutSpecJson.fromJson(rollout, "rollout", Set.of("endpoint"));
                        endpoints.get(rolloutEndpoint);
                        rollouts.requireNoActiveRollout(rolloutEndpoint);
                    }
                    ModelVersion version;
                    try {
                        version = registry.register(registration);
                    } catch (SlipwayException e) {
                        if (e.details() instanceof ValidationReport report) {
                            throw SlipwayException.withDetails(
                                    e.code(), e.getMessage(), ApiViews.report(report));
                        }
                        throw e;
                    }
                    ObjectNode answer = ApiViews.version(version, registry.aliases(name));
                    if (rolloutSpec != null) {
                        Rollout rollout =
                                rollouts.start(
                                        rolloutEndpoint, version.id().toString(), rolloutSpec);
                        answer.putObject("rollout")
                                .put("id", rollout.id())
                                .put("endpoint", rolloutEndpoint)
                                .put("strategy", rolloutSpec.strategy());
                    }
                    return answer;
                });
    }

    private void getVersion(RoutingContext routing) {
        ModelVersionId id = ApiRequests.versionId(routing);
        respond(
                routing,
                200,
                () -> ApiViews.version(registry.version(id), registry.aliases(id.model())));
    }

    private void getGolden(RoutingContext routing) {
        ModelVersionId id = ApiRequests.versionId(routing);
        respond(
                routing,
                200,
                () -> {
                    ObjectNode node = Json.MAPPER.createObjectNode();
                    node.set(
                            "examples",
                            Json.MAPPER.readTree(GoldenJson.toJson(registry.goldenExamples(id))));
                    return node;
                });
    }

    private void validate(RoutingContext routing) {
        ModelVersionId id = ApiRequests.versionId(routing);
        respond(routing, 200, () -> ApiViews.report(registry.validate(id)));
    }

    private void getAlias(RoutingContext routing) {
        String model = routing.pathParam("model");
        String alias = routing.pathParam("alias");
        respond(
                routing,
                200,
                () ->
                        ApiViews.version(
                                registry.resolve(
                                        new dev.slipway.core.registry.ModelRef.Aliased(
                                                model, alias)),
                                registry.aliases(model)));
    }

    private void putAlias(RoutingContext routing) {
        String model = routing.pathParam("model");
        String alias = routing.pathParam("alias");
        JsonNode body = ApiRequests.jsonBody(routing);
        respond(
                routing,
                200,
                () -> {
                    if (!body.path("version").isInt()) {
                        throw SlipwayException.invalidArgument("version must be an integer");
                    }
                    int version = body.get("version").asInt();
                    registry.setAlias(model, alias, version);
                    ObjectNode node = Json.MAPPER.createObjectNode();
                    node.put("model", model);
                    node.put("alias", alias);
                    node.put("version", version);
                    return node;
                });
    }

    private void deleteAlias(RoutingContext routing) {
        String model = routing.pathParam("model");
        String alias = routing.pathParam("alias");
        respond(
                routing,
                204,
                () -> {
                    registry.deleteAlias(model, alias);
                    return null;
                });
    }

    private void respond(RoutingContext routing, int status, Callable<JsonNode> work) {
        ApiResponses.respond(blocking, routing, status, work);
    }
}
