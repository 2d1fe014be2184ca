package dev.slipway.core.rollout;

import java.util.Locale;

/** Where a rollout is. The last five end it. */
public enum Phase {
    /** The candidate is being loaded beside the primary, with no traffic. */
    PROVISIONING,
    /** The candidate's golden examples run on a loaded copy. */
    VALIDATING,
    /** A share of requests is mirrored to the candidate and the pairs are analysed. */
    MIRRORING,
    /** Waiting for a person to approve the next step. */
    AWAITING_APPROVAL,
    /** A traffic step is live; the guardrails are watched until the bake time has passed. */
    BAKING,
    /** The candidate became the primary; waiting until the node serves it. */
    PROMOTING,
    /** Promoted; the previous version stays loaded for a fast rollback. */
    KEEPING_PREVIOUS,
    COMPLETED,
    ROLLED_BACK,
    ABORTED,
    REJECTED,
    FAILED;

    public boolean terminal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
