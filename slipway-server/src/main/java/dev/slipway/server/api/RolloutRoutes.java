package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.rollout.Action;
import dev.slipway.core.rollout.GuardrailMetrics;
import dev.slipway.core.rollout.Phase;
import dev.slipway.core.rollout.Rollout;
import dev.slipway.core.rollout.RolloutService;
import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.rollout.RolloutSpecJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code /api/v1/rollouts} and starting one on an endpoint. Handlers only record intent. */
public final class RolloutRoutes {
    private final RolloutService rollouts;
    private final GuardrailMetrics metrics;
    private final WorkerPool blocking;

    public RolloutRoutes(RolloutService rollouts, GuardrailMetrics metrics, WorkerPool blocking) {
        this.rollouts = rollouts;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    public void mount(Router router) {
        router.post("/api/v1/endpoints/:endpoint/rollouts").handler(this::start);
        router.get("/api/v1/rollouts").handler(this::list);
        router.get("/api/v1/rollouts/:id").handler(this::get);
        router.post("/api/v1/rollouts/:id/approve")
                .handler(routing -> request(routing, Action.APPROVE));
        router.post("/api/v1/rollouts/:id/abort")
                .handler(routing -> request(routing, Action.ABORT));
        router.post("/api/v1/rollouts/:id/rollback")
                .handler(routing -> request(routing, Action.ROLLBACK));
    }

    private void start(RoutingContext routing) {
        String endpoint = routing.pathParam("endpoint");
        JsonNode body = ApiRequests.jsonBody(routing);
        ApiResponses.respond(
                blocking,
                routing,
                201,
                () -> {
                    if (!body.path("model").isTextual()) {
                        throw SlipwayException.invalidArgument(
                                "model is required (NAME:VERSION or NAME@ALIAS)");
                    }
                    RolloutSpec spec = RolloutSpecJson.fromJson(body, "rollout", Set.of("model"));
                    return view(rollouts.start(endpoint, body.get("model").asText(), spec));
                });
    }

    private void list(RoutingContext routing) {
        String endpoint = routing.queryParams().get("endpoint");
        int limit = ApiRequests.limit(routing);
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> ApiViews.list("rollouts", rollouts.recent(endpoint, limit), this::view));
    }

    private void get(RoutingContext routing) {
        long id = ApiRequests.id(routing, "rollout");
        ApiResponses.respond(
                blocking,
                routing,
                200,
                () -> ApiViews.withEvents(view(rollouts.get(id)), rollouts.events(id)));
    }

    private void request(RoutingContext routing, Action action) {
        long id = ApiRequests.id(routing, "rollout");
        ApiResponses.respond(blocking, routing, 200, () -> view(rollouts.request(id, action)));
    }

    private ObjectNode view(Rollout rollout) {
        ObjectNode node = ApiViews.rollout(rollout);
        if (rollout.phase() == Phase.BAKING) {
            ObjectNode guardrails = node.putObject("guardrails");
            guardrails.set(
                    "candidate",
                    ApiViews.window(
                            metrics.since(
                                    rollout.endpoint(), rollout.to(), rollout.phaseStartedAt())));
            guardrails.set(
                    "primary",
                    ApiViews.window(
                            metrics.since(
                                    rollout.endpoint(), rollout.from(), rollout.phaseStartedAt())));
        }
        return node;
    }
}
