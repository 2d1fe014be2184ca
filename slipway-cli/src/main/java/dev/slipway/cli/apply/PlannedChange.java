package dev.slipway.cli.apply;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.ModelMetadata;
import java.util.List;

/**
 * One step of an apply plan, in execution order. Each step names the object it touches ({@code
 * model/fraud}, {@code alias fraud@champion}, {@code endpoint/fraud}) and how it counts in the
 * summary.
 */
public sealed interface PlannedChange {

    enum Effect {
        CREATED,
        CHANGED,
        UNCHANGED
    }

    String object();

    Effect effect();

    /** {@code PUT /api/v1/models/{model}} for a model the server does not have yet. */
    record CreateModel(String name, ModelMetadata metadata) implements PlannedChange {
        public String object() {
            return "model/" + name;
        }

        public Effect effect() {
            return Effect.CREATED;
        }
    }

    /** {@code PUT /api/v1/models/{model}}; {@code differences} names the fields that change. */
    record UpdateModel(String name, ModelMetadata metadata, List<String> differences)
            implements PlannedChange {
        public UpdateModel {
            differences = List.copyOf(differences);
        }

        public String object() {
            return "model/" + name;
        }

        public Effect effect() {
            return Effect.CHANGED;
        }
    }

    /**
     * Upload the artifact, then {@code POST .../versions}.
     *
     * @param rollout the rollout the registration starts, or null (the endpoint may not exist yet)
     */
    record RegisterVersion(
            String name, ModelManifest.Version version, ModelManifest.VersionRollout rollout)
            implements PlannedChange {
        public String object() {
            return "model/" + name;
        }

        public Effect effect() {
            return Effect.CREATED;
        }
    }

    /**
     * {@code PUT .../aliases/{alias}}.
     *
     * @param previousVersion where the alias points now, or null if it does not exist yet
     */
    record SetAlias(String model, String alias, VersionTarget target, Integer previousVersion)
            implements PlannedChange {
        public String object() {
            return "alias " + model + "@" + alias;
        }

        public Effect effect() {
            return previousVersion == null ? Effect.CREATED : Effect.CHANGED;
        }
    }

    /** {@code POST /api/v1/endpoints}. */
    record CreateEndpoint(EndpointManifest manifest) implements PlannedChange {
        public String object() {
            return "endpoint/" + manifest.name();
        }

        public Effect effect() {
            return Effect.CREATED;
        }
    }

    /**
     * {@code PATCH /api/v1/endpoints/{endpoint}} with only {@code changes}; {@code differences}
     * reads like {@code copies 1 -> 2}.
     *
     * @param rollout {@code wine:1 -> wine:2 (gradual)} when {@code changes} carries a rollout spec
     *     for a change of model (then not among the differences), else null
     */
    record UpdateEndpoint(
            String name, EndpointSpec changes, List<String> differences, String rollout)
            implements PlannedChange {
        public UpdateEndpoint {
            differences = List.copyOf(differences);
        }

        public UpdateEndpoint(String name, EndpointSpec changes, List<String> differences) {
            this(name, changes, differences, null);
        }

        public String object() {
            return "endpoint/" + name;
        }

        public Effect effect() {
            return Effect.CHANGED;
        }
    }

    /**
     * Nothing to send: the endpoint's active rollout already moves it to the version the manifest
     * names ({@code to}, e.g. {@code wine:3}).
     */
    record RolloutInProgress(String name, long rolloutId, String to) implements PlannedChange {
        public String object() {
            return "endpoint/" + name;
        }

        public Effect effect() {
            return Effect.UNCHANGED;
        }
    }

    /** {@code POST /api/v1/jobs/batch} for a job name the server does not know yet. */
    record CreateBatchJob(BatchJobManifest manifest) implements PlannedChange {
        public String object() {
            return "batchjob/" + manifest.name();
        }

        public Effect effect() {
            return Effect.CREATED;
        }
    }

    /** Nothing to do: the server already matches the manifest. */
    record Unchanged(String object) implements PlannedChange {
        public Effect effect() {
            return Effect.UNCHANGED;
        }
    }
}
