package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.EndpointChange;
import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.rollout.Rollout;
import dev.slipway.core.rollout.RolloutService;
import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.rollout.RolloutSpecJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code /api/v1/endpoints}. Changing the model of an existing endpoint starts a rollout (the
 * body's {@code rollout} spec, else expedited): what an endpoint serves only ever changes through
 * one.
 */
public final class EndpointRoutes {
    private final EndpointService endpoints;
    private final RolloutService rollouts;
    private final ModelRegistry registry;
    private final LocalNode node;
    private final WorkerPool blocking;

    public EndpointRoutes(
            EndpointService endpoints,
            RolloutService rollouts,
            ModelRegistry registry,
            LocalNode node,
            WorkerPool blocking) {
        this.endpoints = endpoints;
        this.rollouts = rollouts;
        this.registry = registry;
        this.node = node;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.get("/api/v1/endpoints").handler(this::list);
        router.post("/api/v1/endpoints").handler(this::create);
        router.get("/api/v1/endpoints/:endpoint").handler(this::get);
        router.patch("/api/v1/endpoints/:endpoint").handler(this::update);
        router.delete("/api/v1/endpoints/:endpoint").handler(this::delete);
    }

    private void list(RoutingContext routing) {
        String base = ApiRequests.baseUrl(routing);
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> {
                    ObjectNode answer = Json.MAPPER.createObjectNode();
                    var list = answer.putArray("endpoints");
                    endpoints.list().forEach(endpoint -> list.add(view(endpoint, base)));
                    return answer;
                });
    }

    private void get(RoutingContext routing) {
        String name = routing.pathParam("endpoint");
        String base = ApiRequests.baseUrl(routing);
        ApiResponses.respond(blocking, routing, 200, () -> view(endpoints.get(name), base));
    }

    private void create(RoutingContext routing) {
        JsonNode body = ApiRequests.jsonBody(routing);
        String base = ApiRequests.baseUrl(routing);
        ApiResponses.respond(
                blocking,
                routing,
                201,
                () -> {
                    if (!body.path("name").isTextual()) {
                        throw SlipwayException.invalidArgument("name is required");
                    }
                    RolloutSpec defaults =
                            body.hasNonNull("rolloutDefaults")
                                    ? RolloutSpecJson.fromJson(
                                            body.get("rolloutDefaults"),
                                            "rolloutDefaults",
                                            Set.of())
                                    : null;
                    Endpoint created =
                            endpoints.create(body.get("name").asText(), ApiRequests.change(body));
                    if (defaults != null) {
                        rollouts.setDefaultSpec(created.name(), defaults);
                    }
                    return view(created, base);
                });
    }

    private void update(RoutingContext routing) {
        String name = routing.pathParam("endpoint");
        JsonNode body = ApiRequests.jsonBody(routing);
        String base = ApiRequests.baseUrl(routing);
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> {
                    EndpointChange change = ApiRequests.change(body);
                    RolloutSpec spec =
                            body.hasNonNull("rollout")
                                    ? RolloutSpecJson.fromJson(
                                            body.get("rollout"), "rollout", Set.of())
                                    : rollouts.defaultSpec(name);
                    if (body.has("rolloutDefaults")) {
                        rollouts.setDefaultSpec(
                                name,
                                body.get("rolloutDefaults").isNull()
                                        ? null
                                        : RolloutSpecJson.fromJson(
                                                body.get("rolloutDefaults"),
                                                "rolloutDefaults",
                                                Set.of()));
                    }
                    Endpoint current = endpoints.get(name);
                    var target =
                            change.model() == null
                                    ? null
                                    : registry.resolve(ModelRef.parse("model", change.model()));
                    boolean newVersion = target != null && !target.id().equals(current.version());
                    if (newVersion) {
                        // Refuse before changing anything else: a 409 leaves the endpoint as it
                        // was.
                        rollouts.requireNoActiveRollout(name);
                        rollouts.requireDeployable(target);
                    }
                    EndpointChange others = newVersion ? change.withModel(null) : change;
                    Endpoint updated = endpoints.update(name, others);
                    ObjectNode answer = view(updated, base);
                    if (newVersion) {
                        Rollout rollout = rollouts.start(name, change.model(), spec);
                        answer.putObject("rollout")
                                .put("id", rollout.id())
                                .put("strategy", spec.strategy());
                    }
                    return answer;
                });
    }

    private void delete(RoutingContext routing) {
        String name = routing.pathParam("endpoint");
        ApiResponses.respond(
                blocking,
                routing,
                204,
                () -> {
                    endpoints.delete(name);
                    rollouts.setDefaultSpec(
                            name, null); // retiring an endpoint leaves nothing behind
                    return null;
                });
    }

    private ObjectNode view(Endpoint endpoint, String base) {
        ObjectNode view = ApiViews.endpoint(endpoint, node.status(endpoint.name()), base);
        rollouts.ownDefaultSpec(endpoint.name())
                .ifPresentOrElse(
                        spec -> view.set("rolloutDefaults", RolloutSpecJson.toJson(spec)),
                        () -> view.putNull("rolloutDefaults"));
        return view;
    }
}
