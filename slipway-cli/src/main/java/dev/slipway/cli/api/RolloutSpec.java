package dev.slipway.cli.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.slipway.cli.input.DurationValue;
import java.util.ArrayList;
import java.util.List;

/**
 * How a rollout changes what an endpoint serves (docs/api.md, "RolloutSpec"), as the CLI sends it:
 * {@code strategy} comes first, and a null field is left out so the server applies its default.
 * Each record checks itself when built and throws a {@link RolloutSpecException} naming the field,
 * so command options, spec files and manifests report one rule in their own terms. Durations are
 * kept as the server reads them ({@code 30s}), normalized from any spelling {@link DurationValue}
 * accepts.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "strategy")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RolloutSpec.Expedited.class, name = "expedited"),
    @JsonSubTypes.Type(value = RolloutSpec.Gradual.class, name = "gradual"),
    @JsonSubTypes.Type(value = RolloutSpec.Shadow.class, name = "shadow")
})
public sealed interface RolloutSpec
        permits RolloutSpec.Expedited, RolloutSpec.Gradual, RolloutSpec.Shadow {

    /** The steps the server uses when a gradual spec names none. */
    List<Integer> DEFAULT_STEPS = List.of(10, 50, 100);

    /** {@code expedited}, {@code gradual} or {@code shadow}: the JSON's {@code strategy}. */
    @JsonIgnore
    String strategy();

    /** Validate, load, switch all traffic at once; optionally keep the previous version warm. */
    record Expedited(String keepPreviousFor) implements RolloutSpec {
        public Expedited {
            keepPreviousFor = duration("keepPreviousFor", keepPreviousFor, true);
        }

        @Override
        public String strategy() {
            return "expedited";
        }
    }

    /**
     * Traffic shifts to the new version step by step, each step baking while the guardrails are
     * watched.
     *
     * @param steps strictly increasing percentages ending at 100; excludes {@code linear}
     * @param approvalBefore steps (percentages) that wait for a person before they start
     */
    record Gradual(
            List<Integer> steps,
            Linear linear,
            String bake,
            List<Integer> approvalBefore,
            String keepPreviousFor,
            Guardrails guardrails)
            implements RolloutSpec {
        public Gradual {
            if (steps != null && linear != null) {
                throw new RolloutSpecException("steps", "cannot be given together with linear");
            }
            if (steps != null) {
                steps = List.copyOf(steps);
                checkSteps(steps);
            }
            bake = duration("bake", bake, true);
            keepPreviousFor = duration("keepPreviousFor", keepPreviousFor, true);
            if (approvalBefore != null) {
                approvalBefore = List.copyOf(approvalBefore);
                List<Integer> effective =
                        steps != null ? steps : linear != null ? linear.steps() : DEFAULT_STEPS;
                if (!effective.containsAll(approvalBefore)) {
                    throw new RolloutSpecException(
                            "approvalBefore",
                            "must name steps of " + effective + ", got " + approvalBefore);
                }
            }
        }

        @Override
        public String strategy() {
            return "gradual";
        }

        private static void checkSteps(List<Integer> steps) {
            if (steps.isEmpty()) {
                throw new RolloutSpecException("steps", "must list at least one percentage");
            }
            int previous = 0;
            for (int step : steps) {
                if (step <= previous || step > 100) {
                    throw new RolloutSpecException(
                            "steps", "must increase strictly within 1..100, got " + steps);
                }
                previous = step;
            }
            if (previous != 100) {
                throw new RolloutSpecException("steps", "must end at 100, got " + steps);
            }
        }
    }

    /** {@code linear: {step: 20}}: steps of 20, 40, 60, 80, 100 percent. */
    record Linear(int step) {
        public Linear {
            if (step < 1 || step > 100) {
                throw new RolloutSpecException(
                        "linear.step", "must be between 1 and 100, got " + step);
            }
        }

        /** The percentages this step size gives, ending at 100. */
        public List<Integer> steps() {
            List<Integer> steps = new ArrayList<>();
            for (int percent = step; percent < 100; percent += step) {
                steps.add(percent);
            }
            steps.add(100);
            return List.copyOf(steps);
        }
    }

    /** Limits a gradual step must keep while it bakes; a breach rolls back. */
    record Guardrails(
            Double maxErrorRate, Double latencyP99Ratio, String maxP99, Integer minRequests) {
        public Guardrails {
            fraction("guardrails.maxErrorRate", maxErrorRate);
            if (latencyP99Ratio != null && !(latencyP99Ratio > 0)) {
                throw new RolloutSpecException(
                        "guardrails.latencyP99Ratio",
                        "must be more than 0, got " + latencyP99Ratio);
            }
            maxP99 = duration("guardrails.maxP99", maxP99, false);
            if (minRequests != null && minRequests < 1) {
                throw new RolloutSpecException(
                        "guardrails.minRequests", "must be >= 1, got " + minRequests);
            }
        }
    }

    /**
     * The old version keeps answering while a share of requests is mirrored to the new one and the
     * answers are compared; when the analysis passes (and a person approves, if asked) the rollout
     * continues with {@code then}.
     *
     * @param approval {@code auto} or {@code manual}
     * @param then an expedited or gradual spec, or null for the server's default (expedited)
     */
    record Shadow(Integer mirrorPercent, String approval, Analysis analysis, RolloutSpec then)
            implements RolloutSpec {
        public Shadow {
            if (mirrorPercent != null && (mirrorPercent < 1 || mirrorPercent > 100)) {
                throw new RolloutSpecException(
                        "mirrorPercent", "must be between 1 and 100, got " + mirrorPercent);
            }
            if (approval != null && !approval.equals("auto") && !approval.equals("manual")) {
                throw new RolloutSpecException(
                        "approval", "must be auto or manual, got '" + approval + "'");
            }
            if (then instanceof Shadow) {
                throw new RolloutSpecException("then", "must be expedited or gradual, not shadow");
            }
        }

        @Override
        public String strategy() {
            return "shadow";
        }
    }

    /** When the mirrored answers count as equivalent; a null bound is not checked. */
    record Analysis(
            Integer minPairs,
            Double maxKsStatistic,
            Double minPValue,
            Double maxMeanAbsDiff,
            Double minAgreement) {
        public Analysis {
            if (minPairs != null && minPairs < 1) {
                throw new RolloutSpecException(
                        "analysis.minPairs", "must be >= 1, got " + minPairs);
            }
            fraction("analysis.maxKsStatistic", maxKsStatistic);
            fraction("analysis.minPValue", minPValue);
            if (maxMeanAbsDiff != null && !(maxMeanAbsDiff >= 0)) {
                throw new RolloutSpecException(
                        "analysis.maxMeanAbsDiff", "must be >= 0, got " + maxMeanAbsDiff);
            }
            fraction("analysis.minAgreement", minAgreement);
        }
    }

    /** The duration as the server reads it, or null; zero only where {@code zeroAllowed}. */
    private static String duration(String field, String text, boolean zeroAllowed) {
        if (text == null) {
            return null;
        }
        DurationValue value;
        try {
            // docs/api.md lets zero be written without a unit.
            value = DurationValue.parse(text.trim().equals("0") ? "0s" : text);
        } catch (IllegalArgumentException invalid) {
            throw new RolloutSpecException(
                    field, "must be a duration such as 30s, 5m or 250ms, got '" + text + "'");
        }
        if (!zeroAllowed && value.duration().isZero()) {
            throw new RolloutSpecException(field, "must be more than 0");
        }
        return value.toString();
    }

    private static void fraction(String field, Double value) {
        // Written so that NaN fails too.
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new RolloutSpecException(field, "must be between 0 and 1, got " + value);
        }
    }
}
