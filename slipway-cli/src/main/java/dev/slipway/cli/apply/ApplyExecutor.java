package dev.slipway.cli.apply;

import dev.slipway.cli.api.ApiException;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.api.ValidationFailedException;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a plan's steps in order against the server, printing each step's line as soon as it is done,
 * so after a failure the output shows exactly what was changed. Not thread-safe; one per apply.
 */
public final class ApplyExecutor {

    private final SlipwayApi api;
    private final Consumer<String> output;

    /** Version numbers the plan registered, by model: resolves {@link VersionTarget.Registered}. */
    private final Map<String, Integer> registered = new HashMap<>();

    public ApplyExecutor(SlipwayApi api, Consumer<String> output) {
        this.api = api;
        this.output = output;
    }

    /**
     * Executes every step, then prints the summary.
     *
     * @throws ApiException naming the step's object when the server refuses it; steps before it
     *     stay done
     */
    public void execute(Plan plan) {
        for (PlannedChange change : plan.changes()) {
            Integer version;
            try {
                version = apply(change);
            } catch (ValidationFailedException refused) {
                throw new ValidationFailedException(
                        change.object() + ": " + refused.getMessage(), refused.report());
            } catch (ApiException refused) {
                throw new ApiException(
                        refused.status(),
                        change.object() + ": " + refused.getMessage(),
                        refused.code(),
                        refused.body());
            }
            output.accept(PlanWording.done(change, version));
        }
        output.accept(PlanWording.summary(plan, false));
    }

    private Integer apply(PlannedChange change) {
        return switch (change) {
            case CreateModel create -> {
                api.putModel(create.name(), create.metadata());
                yield null;
            }
            case UpdateModel update -> {
                api.putModel(update.name(), update.metadata());
                yield null;
            }
            case RegisterVersion register -> {
                ModelVersion.Artifact uploaded = api.uploadArtifact(register.version().file());
                ModelVersion created =
                        api.registerVersion(
                                register.name(), register.version().request(uploaded.sha256()));
                registered.put(register.name(), created.version());
                yield created.version();
            }
            case SetAlias alias -> {
                int version =
                        switch (alias.target()) {
                            case VersionTarget.Existing existing -> existing.version();
                            case VersionTarget.Registered pending -> registered.get(alias.model());
                        };
                api.setAlias(alias.model(), alias.alias(), version);
                yield version;
            }
            case CreateEndpoint create -> {
                api.createEndpoint(create.manifest().createSpec());
                yield null;
            }
            case UpdateEndpoint update -> {
                api.updateEndpoint(update.name(), update.changes());
                yield null;
            }
            case Unchanged unchanged -> null;
        };
    }
}
