package dev.slipway.core.rollout;

import dev.slipway.core.analysis.EquivalenceAnalysis;
import dev.slipway.core.analysis.EquivalenceReport;
import dev.slipway.core.endpoint.Traffic;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a rollout's next state from its stored state and what the node reports: one short
 * checklist per phase that returns early while it waits. It writes nothing; the {@link
 * RolloutReconciler} applies the decision. Thread-safe (stateless apart from its ports).
 */
public final class RolloutPlanner {

    /** A rollout event to append after the new state is stored. */
    record Event(String type, String message) {}

    /** The next state and what to say about it. */
    record Decision(Rollout next, List<Event> events) {
        static Decision stay(Rollout rollout) {
            return new Decision(rollout, List.of());
        }
    }

    /** The endpoint's primary version and traffic that a rollout's state implies. */
    public record Serving(ModelVersionId primary, Traffic traffic) {}

    private final CandidateView view;
    private final GuardrailMetrics metrics;
    private final MirrorCaptures captures;
    private final ModelRegistry registry;
    private final Clock clock;

    RolloutPlanner(
            CandidateView view,
            GuardrailMetrics metrics,
            MirrorCaptures captures,
            ModelRegistry registry,
            Clock clock) {
        this.view = view;
        this.metrics = metrics;
        this.captures = captures;
        this.registry = registry;
        this.clock = clock;
    }

    Decision decide(Rollout rollout) {
        Instant now = clock.instant();
        boolean stopped = rollout.pending() == Action.ABORT || rollout.pending() == Action.ROLLBACK;
        if (stopped && rollout.phase() == Phase.KEEPING_PREVIOUS) {
            // The promotion was recorded on the way into this phase; the previous version serves
            // again. Recorded before the rollout is stored, like the promotion: repeating it is
            // harmless.
            registry.promoted(rollout.to(), rollout.from());
        }
        if (rollout.pending() == Action.ABORT) {
            return end(
                    rollout,
                    Phase.ABORTED,
                    "aborted by a person; the endpoint serves " + rollout.from() + " again",
                    now);
        }
        if (rollout.pending() == Action.ROLLBACK) {
            return end(
                    rollout,
                    Phase.ROLLED_BACK,
                    "rolled back by a person; the endpoint serves " + rollout.from() + " again",
                    now);
        }
        return switch (rollout.phase()) {
            case PROVISIONING -> provisioning(rollout, now);
            case VALIDATING -> validating(rollout, now);
            case MIRRORING -> mirroring(rollout, now);
            case AWAITING_APPROVAL -> awaitingApproval(rollout, now);
            case BAKING -> baking(rollout, now);
            case PROMOTING -> promoting(rollout, now);
            case KEEPING_PREVIOUS -> keepingPrevious(rollout, now);
            case COMPLETED, ROLLED_BACK, ABORTED, REJECTED, FAILED -> Decision.stay(rollout);
        };
    }

    private Decision provisioning(Rollout rollout, Instant now) {
        Optional<String> failure = view.loadFailure(rollout.endpoint(), rollout.to());
        if (failure.isPresent()) {
            return end(rollout, Phase.FAILED, "the candidate did not load: " + failure.get(), now);
        }
        if (!view.servesAsCandidate(rollout.endpoint(), rollout.to())) {
            return Decision.stay(rollout);
        }
        return new Decision(
                rollout.enter(Phase.VALIDATING, -1, now),
                List.of(
                        new Event(
                                "rollout.provisioned",
                                rollout.to() + " is loaded beside " + rollout.from())));
    }

    private Decision validating(Rollout rollout, Instant now) {
        Optional<String> failure = view.loadFailure(rollout.endpoint(), rollout.to());
        if (failure.isPresent()) {
            return end(rollout, Phase.FAILED, "the candidate did not load: " + failure.get(), now);
        }
        if (!view.servesAsCandidate(rollout.endpoint(), rollout.to())) {
            return Decision.stay(
                    rollout); // reloading (e.g. after a restart); validate once it is back
        }
        ValidationReport report =
                view.validateCandidate(
                        rollout.endpoint(), rollout.to(), registry.goldenExamples(rollout.to()));
        if (!report.passed()) {
            return end(
                    rollout,
                    Phase.FAILED,
                    "golden examples failed on a loaded copy: " + report.summary(),
                    now);
        }
        Event validated = new Event("rollout.validated", report.summary());
        return switch (rollout.activeSpec()) {
            case RolloutSpec.Shadow shadow ->
                    new Decision(
                            rollout.enter(Phase.MIRRORING, -1, now),
                            List.of(
                                    validated,
                                    new Event(
                                            "rollout.mirroring",
                                            shadow.mirrorPercent()
                                                    + "% of requests mirrored to "
                                                    + rollout.to())));
            case RolloutSpec.Gradual gradual ->
                    withEvent(enterStep(rollout, gradual, 0, now), validated);
            case RolloutSpec.Expedited expedited -> withEvent(promote(rollout, now), validated);
        };
    }

    private Decision mirroring(Rollout rollout, Instant now) {
        RolloutSpec.Shadow shadow = (RolloutSpec.Shadow) rollout.spec();
        EquivalenceReport report =
                EquivalenceAnalysis.analyze(captures.read(rollout.captureId()), shadow.criteria());
        Rollout analysed = rollout.withAnalysis(report, now);
        return switch (report.verdict()) {
            case INSUFFICIENT_DATA ->
                    Decision.stay(
                            rollout.analysis() != null
                                            && rollout.analysis().pairs() == report.pairs()
                                    ? rollout
                                    : analysed);
            case FAILED ->
                    end(
                            analysed,
                            Phase.REJECTED,
                            "not equivalent: " + String.join("; ", report.reasons()),
                            now);
            case PASSED -> {
                // A passing report has no reasons (EquivalenceReport enforces it).
                Event passed =
                        new Event(
                                "rollout.analysis-passed",
                                report.pairs() + " mirrored pairs; every criterion held");
                if (shadow.manualApproval()) {
                    yield new Decision(
                            analysed.enter(Phase.AWAITING_APPROVAL, -1, now),
                            List.of(
                                    passed,
                                    new Event(
                                            "rollout.awaiting-approval",
                                            "promotion of "
                                                    + rollout.to()
                                                    + " waits for approval")));
                }
                yield withEvent(followUp(analysed, now), passed);
            }
        };
    }

    private Decision awaitingApproval(Rollout rollout, Instant now) {
        if (rollout.pending() != Action.APPROVE) {
            return Decision.stay(rollout);
        }
        Rollout approved = rollout.withPending(null, now);
        Event event =
                new Event(
                        "rollout.approved",
                        rollout.step() < 0
                                ? "promotion approved"
                                : "step " + percent(rollout) + "% approved");
        if (rollout.step() < 0) {
            return withEvent(followUp(approved, now), event);
        }
        return new Decision(
                approved.enter(Phase.BAKING, rollout.step(), now),
                List.of(event, stepEvent(rollout, percent(rollout))));
    }

    private Decision baking(Rollout rollout, Instant now) {
        RolloutSpec.Gradual gradual = (RolloutSpec.Gradual) rollout.activeSpec();
        TrafficWindow candidate =
                metrics.since(rollout.endpoint(), rollout.to(), rollout.phaseStartedAt());
        TrafficWindow primary =
                metrics.since(rollout.endpoint(), rollout.from(), rollout.phaseStartedAt());
        Optional<String> breach = gradual.guardrails().breach(candidate, primary);
        if (breach.isPresent()) {
            return end(
                    rollout,
                    Phase.ROLLED_BACK,
                    "guardrail breached at " + percent(rollout) + "%: " + breach.get(),
                    now);
        }
        boolean baked = !now.isBefore(rollout.phaseStartedAt().plus(gradual.bake()));
        if (!baked || candidate.requests() < gradual.guardrails().minRequests()) {
            return Decision.stay(rollout);
        }
        Event passed =
                new Event(
                        "rollout.step-passed",
                        String.format(
                                java.util.Locale.ROOT,
                                "%d%% baked %ds: %d requests, error rate %.3f, p99 %.2f ms (primary %d requests, p99 %.2f ms)",
                                percent(rollout),
                                gradual.bake().toSeconds(),
                                candidate.requests(),
                                candidate.errorRate(),
                                candidate.p99Millis(),
                                primary.requests(),
                                primary.p99Millis()));
        int next = rollout.step() + 1;
        return withEvent(
                next < gradual.steps().size()
                        ? enterStep(rollout, gradual, next, now)
                        : promote(rollout, now),
                passed);
    }

    private Decision promoting(Rollout rollout, Instant now) {
        if (!view.servesAsPrimary(rollout.endpoint(), rollout.to())) {
            return Decision.stay(rollout);
        }
        registry.promoted(rollout.from(), rollout.to());
        Event promoted = new Event("rollout.promoted", rollout.to() + " answers all traffic");
        Duration keep = keepPreviousFor(rollout.activeSpec());
        if (keep.isZero()) {
            return new Decision(
                    rollout.end(Phase.COMPLETED, "", now),
                    List.of(promoted, new Event("rollout.completed", "")));
        }
        return new Decision(
                rollout.enter(Phase.KEEPING_PREVIOUS, rollout.step(), now),
                List.of(
                        promoted,
                        new Event(
                                "rollout.keeping-previous",
                                rollout.from() + " stays loaded for " + keep.toSeconds() + "s")));
    }

    private Decision keepingPrevious(Rollout rollout, Instant now) {
        if (now.isBefore(rollout.phaseStartedAt().plus(keepPreviousFor(rollout.activeSpec())))) {
            return Decision.stay(rollout);
        }
        return new Decision(
                rollout.end(Phase.COMPLETED, "", now),
                List.of(new Event("rollout.completed", rollout.from() + " unloaded")));
    }

    private Decision followUp(Rollout rollout, Instant now) {
        Rollout continued = rollout.withShadowDone(now);
        return switch (continued.activeSpec()) {
            case RolloutSpec.Gradual gradual -> enterStep(continued, gradual, 0, now);
            case RolloutSpec.Expedited expedited -> promote(continued, now);
            case RolloutSpec.Shadow shadow ->
                    throw new IllegalStateException("a shadow cannot follow a shadow");
        };
    }

    private Decision enterStep(
            Rollout rollout, RolloutSpec.Gradual gradual, int step, Instant now) {
        int percent = gradual.steps().get(step);
        if (gradual.approvalBefore().contains(percent)) {
            return new Decision(
                    rollout.enter(Phase.AWAITING_APPROVAL, step, now),
                    List.of(
                            new Event(
                                    "rollout.awaiting-approval",
                                    "step " + percent + "% waits for approval")));
        }
        return new Decision(
                rollout.enter(Phase.BAKING, step, now), List.of(stepEvent(rollout, percent)));
    }

    private static Event stepEvent(Rollout rollout, int percent) {
        return new Event("rollout.step", percent + "% of traffic to " + rollout.to());
    }

    private static Decision promote(Rollout rollout, Instant now) {
        return new Decision(
                rollout.enter(Phase.PROMOTING, rollout.step(), now),
                List.of(new Event("rollout.promoting", rollout.to() + " becomes the primary")));
    }

    private static Decision end(Rollout rollout, Phase phase, String reason, Instant now) {
        return new Decision(
                rollout.end(phase, reason, now),
                List.of(new Event("rollout." + phase.wireName().replace('_', '-'), reason)));
    }

    private static Decision withEvent(Decision decision, Event first) {
        List<Event> events = new ArrayList<>();
        events.add(first);
        events.addAll(decision.events());
        return new Decision(decision.next(), events);
    }

    private static int percent(Rollout rollout) {
        return ((RolloutSpec.Gradual) rollout.activeSpec()).steps().get(rollout.step());
    }

    static Duration keepPreviousFor(RolloutSpec spec) {
        return switch (spec) {
            case RolloutSpec.Expedited expedited -> expedited.keepPreviousFor();
            case RolloutSpec.Gradual gradual -> gradual.keepPreviousFor();
            case RolloutSpec.Shadow shadow -> keepPreviousFor(shadow.then());
        };
    }

    /** The endpoint's primary and traffic that the rollout's state implies; applied every pass. */
    public static Serving serving(Rollout rollout) {
        ModelVersionId from = rollout.from();
        ModelVersionId to = rollout.to();
        return switch (rollout.phase()) {
            case PROVISIONING, VALIDATING -> new Serving(from, Traffic.standby(to));
            case MIRRORING -> new Serving(from, mirror(rollout));
            case AWAITING_APPROVAL -> {
                if (rollout.step() < 0) {
                    yield new Serving(from, mirror(rollout));
                }
                RolloutSpec.Gradual gradual = (RolloutSpec.Gradual) rollout.activeSpec();
                yield new Serving(
                        from,
                        rollout.step() == 0
                                ? Traffic.standby(to)
                                : Traffic.split(to, gradual.steps().get(rollout.step() - 1)));
            }
            case BAKING -> new Serving(from, Traffic.split(to, percent(rollout)));
            case PROMOTING, KEEPING_PREVIOUS ->
                    new Serving(
                            to,
                            keepPreviousFor(rollout.activeSpec()).isZero()
                                    ? Traffic.NONE
                                    : Traffic.standby(from));
            case COMPLETED -> new Serving(to, Traffic.NONE);
            case ROLLED_BACK, ABORTED, REJECTED, FAILED -> new Serving(from, Traffic.NONE);
        };
    }

    private static Traffic mirror(Rollout rollout) {
        return Traffic.mirror(
                rollout.to(),
                ((RolloutSpec.Shadow) rollout.spec()).mirrorPercent(),
                rollout.captureId());
    }
}
