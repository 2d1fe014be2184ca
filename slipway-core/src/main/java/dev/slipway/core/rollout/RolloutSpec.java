package dev.slipway.core.rollout;

import dev.slipway.core.analysis.EquivalenceCriteria;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** How a rollout changes an endpoint to a new version. */
public sealed interface RolloutSpec
        permits RolloutSpec.Expedited, RolloutSpec.Gradual, RolloutSpec.Shadow {

    /** {@code expedited}, {@code gradual} or {@code shadow}. */
    default String strategy() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Validate, load, switch all traffic at once; keep the previous version warm for a while. */
    record Expedited(Duration keepPreviousFor) implements RolloutSpec {
        public static final Expedited DEFAULT = new Expedited(Duration.ZERO);

        public Expedited {
            Objects.requireNonNull(keepPreviousFor, "keepPreviousFor");
            if (keepPreviousFor.isNegative()) {
                throw new IllegalArgumentException("expedited.keepPreviousFor must be >= 0");
            }
        }
    }

    /**
     * Blue-green with traffic shifting: each step sends a share of requests to the new version,
     * then bakes while the guardrails are watched.
     *
     * @param steps strictly increasing percentages ending at 100
     * @param approvalBefore steps (percentages) that wait for a person before they start
     */
    record Gradual(
            List<Integer> steps,
            Duration bake,
            Guardrails guardrails,
            Set<Integer> approvalBefore,
            Duration keepPreviousFor)
            implements RolloutSpec {
        public static final Gradual DEFAULT =
                new Gradual(
                        List.of(10, 50, 100),
                        Duration.ofSeconds(30),
                        Guardrails.DEFAULT,
                        Set.of(),
                        Duration.ZERO);

        public Gradual {
            steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
            Objects.requireNonNull(bake, "bake");
            Objects.requireNonNull(guardrails, "guardrails");
            approvalBefore = Set.copyOf(approvalBefore == null ? Set.of() : approvalBefore);
            Objects.requireNonNull(keepPreviousFor, "keepPreviousFor");
            if (steps.isEmpty() || steps.getLast() != 100) {
                throw new IllegalArgumentException("gradual.steps must end at 100, got " + steps);
            }
            int previous = 0;
            for (int step : steps) {
                if (step <= previous || step > 100) {
                    throw new IllegalArgumentException(
                            "gradual.steps must increase strictly within (0, 100], got " + steps);
                }
                previous = step;
            }
            if (!steps.containsAll(approvalBefore)) {
                throw new IllegalArgumentException(
                        "gradual.approvalBefore "
                                + approvalBefore
                                + " must name steps of "
                                + steps);
            }
            if (bake.isNegative() || keepPreviousFor.isNegative()) {
                throw new IllegalArgumentException("gradual.bake and keepPreviousFor must be >= 0");
            }
        }

        /** Steps of {@code step} percent each: 20 → 20, 40, 60, 80, 100. */
        public static List<Integer> linear(int step) {
            if (step < 1 || step > 100) {
                throw new IllegalArgumentException(
                        "gradual.linear.step must be in [1, 100], got " + step);
            }
            List<Integer> steps = new ArrayList<>();
            for (int percent = step; percent < 100; percent += step) {
                steps.add(percent);
            }
            steps.add(100);
            return steps;
        }
    }

    /**
     * The old version keeps answering; a share of requests is mirrored to the new one and the pairs
     * are compared. When the analysis passes (and a person approves, if asked), the rollout
     * continues with {@code then}.
     */
    record Shadow(
            int mirrorPercent,
            EquivalenceCriteria criteria,
            boolean manualApproval,
            RolloutSpec then)
            implements RolloutSpec {
        public Shadow {
            if (mirrorPercent < 1 || mirrorPercent > 100) {
                throw new IllegalArgumentException(
                        "shadow.mirrorPercent must be in [1, 100], got " + mirrorPercent);
            }
            Objects.requireNonNull(criteria, "criteria");
            Objects.requireNonNull(then, "then");
            if (then instanceof Shadow) {
                throw new IllegalArgumentException("shadow.then must be gradual or expedited");
            }
        }
    }
}
