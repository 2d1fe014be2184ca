package dev.slipway.cli;

import static java.util.Map.entry;

import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.RolloutSpecException;
import dev.slipway.cli.input.DurationValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The rollout spec options shared by {@code rollouts start}, {@code models register --rollout} and
 * {@code endpoints update --strategy}; each command names its own strategy option. Every option is
 * null unless given, and the spec holds only what was given, so the server's defaults apply to the
 * rest. For a shadow rollout, {@code --then} and the gradual options build its {@code then} spec.
 */
final class RolloutSpecOptions {

    /** Spec fields (as {@link RolloutSpecException} names them) and the options that set them. */
    private static final Map<String, String> OPTION_OF_FIELD =
            Map.ofEntries(
                    entry("keepPreviousFor", "--keep-previous-for"),
                    entry("steps", "--steps"),
                    entry("linear.step", "--linear-step"),
                    entry("bake", "--bake"),
                    entry("approvalBefore", "--approval-before"),
                    entry("guardrails.maxErrorRate", "--max-error-rate"),
                    entry("guardrails.latencyP99Ratio", "--latency-p99-ratio"),
                    entry("guardrails.maxP99", "--max-p99"),
                    entry("guardrails.minRequests", "--min-requests"),
                    entry("mirrorPercent", "--mirror-percent"),
                    entry("approval", "--approval"),
                    entry("analysis.minPairs", "--min-pairs"),
                    entry("analysis.maxKsStatistic", "--max-ks"),
                    entry("analysis.minPValue", "--min-p-value"),
                    entry("analysis.maxMeanAbsDiff", "--max-mean-abs-diff"),
                    entry("analysis.minAgreement", "--min-agreement"),
                    entry("then", "--then"));

    private static final String GRADUAL_ROLLOUTS =
            "gradual rollouts (or shadow with --then gradual)";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--keep-previous-for",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Keep the previous version loaded this long after the switch (default 0s).")
    DurationValue keepPreviousFor;

    @Option(
            names = "--steps",
            split = ",",
            paramLabel = "PERCENT",
            description = "gradual: traffic percentages, ending at 100 (default 10,50,100).")
    List<Integer> steps;

    @Option(
            names = "--linear-step",
            paramLabel = "PERCENT",
            description =
                    "gradual: equal steps of this size instead of --steps (20: 20,40,...,100).")
    Integer linearStep;

    @Option(
            names = "--bake",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "gradual: how long each step runs under the guardrails (default 30s).")
    DurationValue bake;

    @Option(
            names = "--approval-before",
            split = ",",
            paramLabel = "PERCENT",
            description = "gradual: steps that wait for 'slipway rollouts approve' first.")
    List<Integer> approvalBefore;

    @Option(
            names = "--max-error-rate",
            paramLabel = "FRACTION",
            description =
                    "gradual guardrail: highest error rate of the new version (default 0.05).")
    Double maxErrorRate;

    @Option(
            names = "--latency-p99-ratio",
            paramLabel = "RATIO",
            description = "gradual guardrail: highest p99 latency, new over previous version.")
    Double latencyP99Ratio;

    @Option(
            names = "--max-p99",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "gradual guardrail: highest p99 latency of the new version.")
    DurationValue maxP99;

    @Option(
            names = "--min-requests",
            paramLabel = "N",
            description =
                    "gradual guardrail: requests a step needs before it is judged (default 20).")
    Integer minRequests;

    @Option(
            names = "--mirror-percent",
            paramLabel = "PERCENT",
            description = "shadow: share of requests mirrored to the new version (default 100).")
    Integer mirrorPercent;

    @Option(
            names = "--approval",
            paramLabel = "auto|manual",
            description = "shadow: continue when the analysis passes, or wait for approval.")
    String approval;

    @Option(
            names = "--min-pairs",
            paramLabel = "N",
            description = "shadow analysis: answer pairs compared before a verdict (default 100).")
    Integer minPairs;

    @Option(
            names = "--max-ks",
            paramLabel = "STATISTIC",
            description = "shadow analysis: highest Kolmogorov-Smirnov statistic per output.")
    Double maxKsStatistic;

    @Option(
            names = "--min-p-value",
            paramLabel = "P",
            description = "shadow analysis: lowest KS p-value per output.")
    Double minPValue;

    @Option(
            names = "--max-mean-abs-diff",
            paramLabel = "VALUE",
            description = "shadow analysis: highest mean absolute difference per output.")
    Double maxMeanAbsDiff;

    @Option(
            names = "--min-agreement",
            paramLabel = "FRACTION",
            description = "shadow analysis: lowest share of equal answers per categorical output.")
    Double minAgreement;

    @Option(
            names = "--then",
            paramLabel = "expedited|gradual",
            description = "shadow: how traffic moves once the analysis passes (default expedited).")
    String then;

    /** True when any spec option was given. */
    boolean anyGiven() {
        return !given(all()).isEmpty();
    }

    /**
     * The spec the options describe, or null when {@code strategy} is null and no option was given.
     *
     * @param strategyOption how the calling command spells its strategy option, for messages
     * @throws ParameterException naming the option, for an option that does not fit the strategy or
     *     a value the spec refuses
     */
    RolloutSpec spec(String strategy, String strategyOption) {
        if (strategy == null) {
            List<String> given = given(all());
            if (!given.isEmpty()) {
                throw usage(given.getFirst() + " needs " + strategyOption);
            }
            return null;
        }
        try {
            return switch (strategy) {
                case "expedited" -> {
                    rejectGiven(gradualOnly(), GRADUAL_ROLLOUTS);
                    rejectGiven(shadowOnly(), "shadow rollouts");
                    yield new RolloutSpec.Expedited(text(keepPreviousFor));
                }
                case "gradual" -> {
                    rejectGiven(shadowOnly(), "shadow rollouts");
                    yield gradual();
                }
                case "shadow" -> shadow();
                default ->
                        throw usage(
                                strategyOption
                                        + " '"
                                        + strategy
                                        + "' must be expedited, gradual or shadow");
            };
        } catch (RolloutSpecException invalid) {
            String field = invalid.field().replaceFirst("^then\\.", "");
            throw usage(OPTION_OF_FIELD.getOrDefault(field, field) + " " + invalid.problem());
        }
    }

    private RolloutSpec.Gradual gradual() {
        if (steps != null && linearStep != null) {
            throw usage("--steps and --linear-step cannot both be given");
        }
        boolean anyGuardrail =
                maxErrorRate != null
                        || latencyP99Ratio != null
                        || maxP99 != null
                        || minRequests != null;
        return new RolloutSpec.Gradual(
                steps,
                linearStep == null ? null : new RolloutSpec.Linear(linearStep),
                text(bake),
                approvalBefore,
                text(keepPreviousFor),
                anyGuardrail
                        ? new RolloutSpec.Guardrails(
                                maxErrorRate, latencyP99Ratio, text(maxP99), minRequests)
                        : null);
    }

    private RolloutSpec.Shadow shadow() {
        RolloutSpec next;
        if (then == null) {
            List<String> given = given(gradualOnly());
            if (keepPreviousFor != null) {
                given.addFirst("--keep-previous-for");
            }
            if (!given.isEmpty()) {
                throw usage(
                        given.getFirst()
                                + " with a shadow rollout describes what follows it: add --then"
                                + " gradual (or --then expedited for --keep-previous-for)");
            }
            next = null;
        } else {
            next =
                    switch (then) {
                        case "expedited" -> {
                            rejectGiven(gradualOnly(), GRADUAL_ROLLOUTS);
                            yield new RolloutSpec.Expedited(text(keepPreviousFor));
                        }
                        case "gradual" -> gradual();
                        default ->
                                throw usage("--then '" + then + "' must be expedited or gradual");
                    };
        }
        boolean anyAnalysis =
                minPairs != null
                        || maxKsStatistic != null
                        || minPValue != null
                        || maxMeanAbsDiff != null
                        || minAgreement != null;
        return new RolloutSpec.Shadow(
                mirrorPercent,
                approval,
                anyAnalysis
                        ? new RolloutSpec.Analysis(
                                minPairs, maxKsStatistic, minPValue, maxMeanAbsDiff, minAgreement)
                        : null,
                next);
    }

    /** Options that only a gradual spec reads, by name; a value is null when not given. */
    private Map<String, Object> gradualOnly() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("--steps", steps);
        options.put("--linear-step", linearStep);
        options.put("--bake", bake);
        options.put("--approval-before", approvalBefore);
        options.put("--max-error-rate", maxErrorRate);
        options.put("--latency-p99-ratio", latencyP99Ratio);
        options.put("--max-p99", maxP99);
        options.put("--min-requests", minRequests);
        return options;
    }

    private Map<String, Object> shadowOnly() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("--mirror-percent", mirrorPercent);
        options.put("--approval", approval);
        options.put("--min-pairs", minPairs);
        options.put("--max-ks", maxKsStatistic);
        options.put("--min-p-value", minPValue);
        options.put("--max-mean-abs-diff", maxMeanAbsDiff);
        options.put("--min-agreement", minAgreement);
        options.put("--then", then);
        return options;
    }

    private Map<String, Object> all() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("--keep-previous-for", keepPreviousFor);
        options.putAll(gradualOnly());
        options.putAll(shadowOnly());
        return options;
    }

    private static List<String> given(Map<String, Object> options) {
        return new ArrayList<>(
                options.entrySet().stream()
                        .filter(option -> option.getValue() != null)
                        .map(Map.Entry::getKey)
                        .toList());
    }

    private void rejectGiven(Map<String, Object> options, String appliesTo) {
        List<String> given = given(options);
        if (!given.isEmpty()) {
            throw usage(given.getFirst() + " applies only to " + appliesTo);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    private static String text(DurationValue duration) {
        return duration == null ? null : duration.toString();
    }
}
