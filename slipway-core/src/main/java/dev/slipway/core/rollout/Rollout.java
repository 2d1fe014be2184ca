package dev.slipway.core.rollout;

import dev.slipway.core.analysis.EquivalenceReport;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable change of an endpoint from one version to another, advanced by the {@link
 * RolloutReconciler}. Every field is persisted, so a restarted server resumes where it stopped.
 *
 * @param step index into the gradual steps being baked or awaited; -1 before the first
 * @param phaseStartedAt when the current phase (or step) began: bake and keep times count from it
 * @param pending what a person asked for and the reconciler has not carried out yet, or null
 * @param shadowDone a shadow rollout's analysis passed and it continues with its follow-up
 * @param analysis the latest equivalence analysis of a shadow rollout, or null
 * @param revision bumped on every write; guards against concurrent writers
 */
public record Rollout(
        long id,
        String endpoint,
        ModelVersionId from,
        ModelVersionId to,
        RolloutSpec spec,
        Phase phase,
        int step,
        Instant phaseStartedAt,
        Action pending,
        String reason,
        boolean shadowDone,
        EquivalenceReport analysis,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    public Rollout {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(phaseStartedAt, "phaseStartedAt");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The spec steering the rollout now: a shadow's follow-up once its analysis passed. */
    public RolloutSpec activeSpec() {
        return spec instanceof RolloutSpec.Shadow shadow && shadowDone ? shadow.then() : spec;
    }

    /** The captured mirror pairs of this rollout are filed under this name. */
    public String captureId() {
        return "rollout-" + id;
    }

    public Rollout enter(Phase next, int nextStep, Instant now) {
        return new Rollout(
                id,
                endpoint,
                from,
                to,
                spec,
                next,
                nextStep,
                now,
                pending,
                reason,
                shadowDone,
                analysis,
                revision,
                createdAt,
                now);
    }

    public Rollout end(Phase terminal, String why, Instant now) {
        return new Rollout(
                id,
                endpoint,
                from,
                to,
                spec,
                terminal,
                step,
                now,
                null,
                why,
                shadowDone,
                analysis,
                revision,
                createdAt,
                now);
    }

    public Rollout withPending(Action action, Instant now) {
        return new Rollout(
                id,
                endpoint,
                from,
                to,
                spec,
                phase,
                step,
                phaseStartedAt,
                action,
                reason,
                shadowDone,
                analysis,
                revision,
                createdAt,
                now);
    }

    public Rollout withShadowDone(Instant now) {
        return new Rollout(
                id,
                endpoint,
                from,
                to,
                spec,
                phase,
                step,
                phaseStartedAt,
                pending,
                reason,
                true,
                analysis,
                revision,
                createdAt,
                now);
    }

    public Rollout withAnalysis(EquivalenceReport report, Instant now) {
        return new Rollout(
                id,
                endpoint,
                from,
                to,
                spec,
                phase,
                step,
                phaseStartedAt,
                pending,
                reason,
                shadowDone,
                report,
                revision,
                createdAt,
                now);
    }

    /** Same state, ignoring bookkeeping: what decides whether a write is needed. */
    public boolean sameStateAs(Rollout other) {
        return phase == other.phase
                && step == other.step
                && phaseStartedAt.equals(other.phaseStartedAt)
                && pending == other.pending
                && reason.equals(other.reason)
                && shadowDone == other.shadowDone
                && Objects.equals(analysis, other.analysis);
    }
}
