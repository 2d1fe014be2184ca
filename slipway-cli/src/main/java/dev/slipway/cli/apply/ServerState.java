package dev.slipway.cli.apply;

import dev.slipway.cli.api.BatchJob;
import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.Rollout;
import java.util.Map;

/**
 * What the server holds for the objects an apply touches, as read before planning: models (with
 * their versions and aliases) keyed by name, endpoints keyed by name, and the active rollout of
 * each endpoint that has one, and the batch jobs the manifests name, by name. A name that is
 * missing here does not exist on the server.
 */
public record ServerState(
        Map<String, Model> models,
        Map<String, Endpoint> endpoints,
        Map<String, Rollout> activeRollouts,
        Map<String, BatchJob> batchJobs) {
    public ServerState {
        models = Map.copyOf(models);
        endpoints = Map.copyOf(endpoints);
        activeRollouts = Map.copyOf(activeRollouts);
        batchJobs = Map.copyOf(batchJobs);
    }

    public ServerState(
            Map<String, Model> models,
            Map<String, Endpoint> endpoints,
            Map<String, Rollout> activeRollouts) {
        this(models, endpoints, activeRollouts, Map.of());
    }

    public ServerState(Map<String, Model> models, Map<String, Endpoint> endpoints) {
        this(models, endpoints, Map.of());
    }

    public static ServerState empty() {
        return new ServerState(Map.of(), Map.of());
    }
}
