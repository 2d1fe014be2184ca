package dev.slipway.cli.apply;

import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import dev.slipway.cli.input.ArtifactDigest;

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
        String object = change.object();
        return switch (change) {
            case CreateModel create -> object + ": created";
            case UpdateModel update ->
                    object + ": updated (" + String.join(", ", update.differences()) + ")";
            case RegisterVersion register -> object + ": version " + version + " registered";
            case SetAlias alias -> object + " -> " + version + was(alias);
            case CreateEndpoint create -> object + ": created";
            case UpdateEndpoint update ->
                    object + ": updated (" + String.join(", ", update.differences()) + ")";
            case Unchanged unchanged -> object + ": unchanged";
        };
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
                                    + ")";
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
                    case UpdateEndpoint update ->
                            object
                                    + ": would be updated ("
                                    + String.join(", ", update.differences())
                                    + ")";
                    case Unchanged unchanged -> object + ": unchanged";
                };
    }

    public static String summary(Plan plan, boolean dryRun) {
        return (dryRun ? DRY_RUN : "") + plan.summary();
    }

    private static String was(SetAlias alias) {
        return alias.previousVersion() == null ? "" : " (was " + alias.previousVersion() + ")";
    }
}
