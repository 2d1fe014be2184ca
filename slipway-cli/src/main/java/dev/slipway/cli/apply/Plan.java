package dev.slipway.cli.apply;

import java.util.List;

/** The ordered steps of one apply: models (metadata, version, aliases) before endpoints. */
public record Plan(List<PlannedChange> changes) {
    public Plan {
        changes = List.copyOf(changes);
    }

    public long count(PlannedChange.Effect effect) {
        return changes.stream().filter(change -> change.effect() == effect).count();
    }

    /** {@code 2 created, 1 changed, 3 unchanged}. */
    public String summary() {
        return count(PlannedChange.Effect.CREATED)
                + " created, "
                + count(PlannedChange.Effect.CHANGED)
                + " changed, "
                + count(PlannedChange.Effect.UNCHANGED)
                + " unchanged";
    }
}
