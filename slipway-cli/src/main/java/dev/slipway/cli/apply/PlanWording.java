package dev.slipway.cli.apply;

import dev.slipway.cli.apply.PlannedChange.CreateBatchJob;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.RolloutInProgress;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import dev.slipway.cli.input.ArtifactDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The one line {@code slipway apply} prints per step, as done ({@code endpoint/x: created}) or, for
 * a dry run, as it would be done ({@code (dry run) endpoint/x: would be created}).
 */
public final class PlanWording {

    static final String DRY_RUN = "(dry run) ";

    private PlanWording() {}

    /**
     * The line for a step that ran.
     *
     * @param version the version number the step registered or pointed an alias at, when it did
     */
    public static String done(PlannedChange change, Integer version) {
        return done(change, version, null);
    }

    /**
     * The line for a step that ran.
     *
     * @param rolloutId the rollout the server started for the step, when it did
     */
    public static String done(PlannedChange change, Integer version, Long rolloutId) {
        String object = change.object();
        return switch (change) {
            case CreateModel create -> object + ": created";
            case UpdateModel update ->
                    object + ": updated (" + String.join(", ", update.differences()) + ")";
            case RegisterVersion register ->
                    object
                            + ": version "
                            + version
                            + " registered"
                            + (register.rollout() == null
                                    ? ""
                                    : ", rollout "
                                            + rolloutId
                                            + " started on "
                                            + rolloutTarget(register));
            case SetAlias alias -> object + " -> " + version + was(alias);
            case CreateEndpoint create -> object + ": created";
            case CreateBatchJob create -> object + ": created";
            case UpdateEndpoint update -> object + ": " + updated(update, rolloutId);
            case RolloutInProgress inProgress -> object + ": " + inProgress(inProgress);
            case Unchanged unchanged -> object + ": unchanged";
        };
    }

    /** {@code rollout wine:1 -> wine:2 (gradual) started as rollout 7, updated (copies 1 -> 2)}. */
    private static String updated(UpdateEndpoint update, Long rolloutId) {
        List<String> parts = new ArrayList<>();
        if (update.rollout() != null) {
            parts.add(
                    "rollout "
                            + update.rollout()
                            + (rolloutId == null ? "" : " started as rollout " + rolloutId));
        }
        if (!update.differences().isEmpty()) {
            parts.add("updated (" + String.join(", ", update.differences()) + ")");
        }
        if (update.rollout() == null && rolloutId != null) {
            parts.add("rollout " + rolloutId + " started"); // the server's choice of strategy
        }
        return String.join(", ", parts);
    }

    /**
     * The line for a step the server refused because a rollout is active on the endpoint; apply
     * goes on with the other steps.
     */
    public static String blocked(PlannedChange change, String serverMessage) {
        String endpoint =
                change instanceof RegisterVersion register && register.rollout() != null
                        ? register.rollout().endpoint()
                        : change instanceof UpdateEndpoint update ? update.name() : null;
        return change.object()
                + ": not applied, a rollout is in progress: "
                + serverMessage
                + (endpoint == null
                        ? ""
                        : " (see slipway rollouts list --endpoint " + endpoint + ")");
    }

    /** A step skipped because the step it needs was not applied. */
    public static String skipped(PlannedChange change, String because) {
        return change.object() + ": skipped, " + because;
    }

    /** The line for a step a dry run would take. */
    public static String wouldDo(PlannedChange change) {
        String object = change.object();
        return DRY_RUN
                + switch (change) {
                    case CreateModel create -> object + ": would be created";
                    case UpdateModel update ->
                            object
                                    + ": would be updated ("
                                    + String.join(", ", update.differences())
                                    + ")";
                    case RegisterVersion register ->
                            object
                                    + ": a new version would be registered from "
                                    + register.version().file().getFileName()
                                    + " (sha256 "
                                    + ArtifactDigest.abbreviate(register.version().sha256())
                                    + ")"
                                    + (register.rollout() == null
                                            ? ""
                                            : " and would start rollout on "
                                                    + rolloutTarget(register));
                    case SetAlias alias ->
                            object
                                    + " -> "
                                    + switch (alias.target()) {
                                        case VersionTarget.Existing existing -> existing.version();
                                        case VersionTarget.Registered registered ->
                                                "the new version";
                                    }
                                    + was(alias);
                    case CreateEndpoint create -> object + ": would be created";
                    case CreateBatchJob create -> object + ": would be created";
                    case UpdateEndpoint update -> object + ": " + wouldUpdate(update);
                    case RolloutInProgress inProgress -> object + ": " + inProgress(inProgress);
                    case Unchanged unchanged -> object + ": unchanged";
                };
    }

    private static String wouldUpdate(UpdateEndpoint update) {
        List<String> parts = new ArrayList<>();
        if (update.rollout() != null) {
            parts.add("would start rollout " + update.rollout());
        }
        if (!update.differences().isEmpty()) {
            parts.add("would be updated (" + String.join(", ", update.differences()) + ")");
        }
        return String.join(", ", parts);
    }

    private static String inProgress(RolloutInProgress inProgress) {
        return "rollout " + inProgress.rolloutId() + " to " + inProgress.to() + " in progress";
    }

    /** {@code endpoint/wine (gradual)}. */
    private static String rolloutTarget(RegisterVersion register) {
        return "endpoint/"
                + register.rollout().endpoint()
                + " ("
                + register.rollout().spec().strategy()
                + ")";
    }

    public static String summary(Plan plan, boolean dryRun) {
        return (dryRun ? DRY_RUN : "") + plan.summary();
    }

    private static String was(SetAlias alias) {
        return alias.previousVersion() == null ? "" : " (was " + alias.previousVersion() + ")";
    }
}
