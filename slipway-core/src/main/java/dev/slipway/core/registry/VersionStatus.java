package dev.slipway.core.registry;

import java.util.Locale;

/** Lifecycle of a model version. */
public enum VersionStatus {
    /** Stored; its golden examples have not (all) passed yet or it has none. */
    REGISTERED,
    /** Its golden examples ran and matched. */
    VALIDATED,
    /** The primary version of an endpoint, promoted by a rollout. */
    SERVING,
    /** Was serving until a rollout promoted a newer version. */
    PREVIOUS,
    /** Kept for lineage; not deployable. */
    ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
