package dev.slipway.cli.apply;

import dev.slipway.cli.api.ApiException;
import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.RolloutReference;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.api.ValidationFailedException;
import dev.slipway.cli.api.VersionRequest;
import dev.slipway.cli.apply.PlannedChange.CreateBatchJob;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.RolloutInProgress;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a plan's steps in order against the server, printing each step's line as soon as it is done,
 * so after a failure the output shows exactly what was changed. A step the server refuses because a
 * rollout is already active on its endpoint does not stop the others. Not thread-safe; one per
 * apply.
 */
public final class ApplyExecutor {

    /** The server's code for a change refused because the endpoint has an active rollout. */
    static final String ROLLOUT_ACTIVE = "ROLLOUT_ACTIVE";

    private final SlipwayApi api;
    private final Consumer<String> output;

    /** Version numbers the plan registered, by model: resolves {@link VersionTarget.Registered}. */
    private final Map<String, Integer> registered = new HashMap<>();

    /** Models whose registration was refused: their aliases cannot move to the new version. */
    private final Set<String> notRegistered = new HashSet<>();

    public ApplyExecutor(SlipwayApi api, Consumer<String> output) {
        this.api = api;
        this.output = output;
    }

    /** What one step produced, for its line. */
    private record StepResult(Integer version, Long rolloutId) {
        static final StepResult NONE = new StepResult(null, null);
    }

    /**
     * Executes every step, then prints the summary.
     *
     * @return the objects not applied because a rollout was active (and the steps needing them),
     *     empty when everything was applied
     * @throws ApiException naming the step's object when the server refuses it for any other
     *     reason; steps before it stay done
     */
    public List<String> execute(Plan plan) {
        List<String> notApplied = new ArrayList<>();
        for (PlannedChange change : plan.changes()) {
            if (change instanceof SetAlias alias
                    && alias.target() instanceof VersionTarget.Registered
                    && notRegistered.contains(alias.model())) {
                output.accept(
                        PlanWording.skipped(
                                change,
                                "the new version of model/"
                                        + alias.model()
                                        + " was not registered"));
                notApplied.add(change.object());
                continue;
            }
            StepResult result;
            try {
                result = apply(change);
            } catch (ValidationFailedException refused) {
                throw new ValidationFailedException(
                        change.object() + ": " + refused.getMessage(), refused.report());
            } catch (ApiException refused) {
                if (!ROLLOUT_ACTIVE.equals(refused.code())) {
                    throw new ApiException(
                            refused.status(),
                            change.object() + ": " + refused.getMessage(),
                            refused.code(),
                            refused.body());
                }
                if (change instanceof RegisterVersion register) {
                    notRegistered.add(register.name());
                }
                output.accept(PlanWording.blocked(change, refused.getMessage()));
                notApplied.add(change.object());
                continue;
            }
            output.accept(PlanWording.done(change, result.version(), result.rolloutId()));
        }
        String summary = PlanWording.summary(plan, false);
        output.accept(
                notApplied.isEmpty()
                        ? summary
                        : summary + ", " + notApplied.size() + " not applied");
        return List.copyOf(notApplied);
    }

    private StepResult apply(PlannedChange change) {
        return switch (change) {
            case CreateModel create -> {
                api.putModel(create.name(), create.metadata());
                yield StepResult.NONE;
            }
            case UpdateModel update -> {
                api.putModel(update.name(), update.metadata());
                yield StepResult.NONE;
            }
            case RegisterVersion register -> {
                ModelVersion.Artifact uploaded = api.uploadArtifact(register.version().file());
                VersionRequest request = register.version().request(uploaded.sha256());
                if (register.rollout() != null) {
                    request = request.withRollout(register.rollout().request());
                }
                ModelVersion created = api.registerVersion(register.name(), request);
                registered.put(register.name(), created.version());
                yield new StepResult(created.version(), rolloutId(created.rollout()));
            }
            case SetAlias alias -> {
                int version =
                        switch (alias.target()) {
                            case VersionTarget.Existing existing -> existing.version();
                            case VersionTarget.Registered pending -> registered.get(alias.model());
                        };
                api.setAlias(alias.model(), alias.alias(), version);
                yield new StepResult(version, null);
            }
            case CreateEndpoint create -> {
                api.createEndpoint(create.manifest().createSpec());
                yield StepResult.NONE;
            }
            case UpdateEndpoint update -> {
                Endpoint updated = api.updateEndpoint(update.name(), update.changes());
                yield new StepResult(null, updated == null ? null : rolloutId(updated.rollout()));
            }
            case CreateBatchJob create -> {
                api.createBatchJob(create.manifest().request());
                yield StepResult.NONE;
            }
            case RolloutInProgress inProgress -> StepResult.NONE;
            case Unchanged unchanged -> StepResult.NONE;
        };
    }

    private static Long rolloutId(RolloutReference rollout) {
        return rollout == null ? null : rollout.id();
    }
}
