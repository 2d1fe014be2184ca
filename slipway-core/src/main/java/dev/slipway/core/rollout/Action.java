package dev.slipway.core.rollout;

import java.util.Locale;

/** What a person asked of a rollout; recorded, then carried out by the reconciler. */
public enum Action {
    APPROVE,
    ABORT,
    ROLLBACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
