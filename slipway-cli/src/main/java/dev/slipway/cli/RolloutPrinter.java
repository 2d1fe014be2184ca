package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.Rollout;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a rollout reads to a person: the start line, the traffic bar, the status lines of {@code
 * rollouts watch}, list rows, event lines and the {@code rollouts show} block. Pure functions of a
 * {@link Rollout} (and the time, for ages); the lines are printed through {@link TablePrinter}.
 */
final class RolloutPrinter {

    static final int BAR_CELLS = 10;
    private static final String NONE = "-";
    private static final String LABEL_FORMAT = "%-12s";

    private RolloutPrinter() {}

    /** {@code Rollout 7 started: wine:1 -> wine:2 (gradual)}. */
    static String started(Rollout rollout) {
        return "Rollout " + rollout.id() + " started: " + change(rollout);
    }

    /** {@code wine:1 -> wine:2 (gradual)}. */
    static String change(Rollout rollout) {
        return (rollout.from() == null ? "(none)" : rollout.from())
                + " -> "
                + rollout.to()
                + " ("
                + rollout.strategy()
                + ")";
    }

    /**
     * How a finished rollout ended, for the error message when it did not complete: {@code rollout
     * 7 rolled_back: error rate 0.12 above 0.01}.
     */
    static String ending(Rollout rollout) {
        String text = "rollout " + rollout.id() + " " + rollout.phase();
        return isBlank(rollout.reason()) ? text : text + ": " + rollout.reason();
    }

    /** {@code Rollout 7 completed: wine:2 serves endpoint/wine}. */
    static String completed(Rollout rollout) {
        return "Rollout "
                + rollout.id()
                + " completed: "
                + rollout.to()
                + " serves endpoint/"
                + rollout.endpoint();
    }

    /**
     * {@code wine:1 ███████░░░ 70% | wine:2 30%}: the bar is the primary's share; a mirrored
     * candidate reads {@code wine:2 mirror 50%}.
     */
    static String traffic(Rollout.Traffic traffic) {
        if (traffic == null || traffic.primary() == null) {
            return NONE;
        }
        int candidatePercent = traffic.candidate() == null ? 0 : traffic.candidatePercent();
        int primaryPercent = 100 - candidatePercent;
        int filled = Math.round(primaryPercent * BAR_CELLS / 100f);
        String text =
                traffic.primary()
                        + " "
                        + "█".repeat(filled)
                        + "░".repeat(BAR_CELLS - filled)
                        + " "
                        + primaryPercent
                        + "%";
        if (traffic.candidate() == null) {
            return text;
        }
        List<String> shares = new ArrayList<>();
        if (candidatePercent > 0 || traffic.mirrorPercent() == 0) {
            shares.add(candidatePercent + "%");
        }
        if (traffic.mirrorPercent() > 0) {
            shares.add("mirror " + traffic.mirrorPercent() + "%");
        }
        return text + " | " + traffic.candidate() + " " + String.join(", ", shares);
    }

    /** {@code baking, step 2/3 (50%)}, with a requested action, how to approve, or why it ended. */
    static String phase(Rollout rollout) {
        StringBuilder text = new StringBuilder(String.valueOf(rollout.phase()));
        if (rollout.step() != null) {
            text.append(", step ").append(step(rollout));
        }
        if (rollout.pendingAction() != null) {
            text.append(", ").append(rollout.pendingAction()).append(" requested");
        } else if ("awaiting_approval".equals(rollout.phase())) {
            text.append(" (slipway rollouts approve ").append(rollout.id()).append(")");
        }
        if (!rollout.active() && !isBlank(rollout.reason())) {
            text.append(": ").append(rollout.reason());
        }
        return text.toString();
    }

    /** {@code 2/3 (50%)}; without the count when the spec does not list the steps. */
    static String step(Rollout rollout) {
        Rollout.Step step = rollout.step();
        int total = stepCount(rollout.spec());
        return (step.index() + 1) + (total > 0 ? "/" + total : "") + " (" + step.percent() + "%)";
    }

    private static int stepCount(JsonNode spec) {
        if (spec == null) {
            return 0;
        }
        JsonNode steps = spec.has("steps") ? spec.get("steps") : spec.path("then").path("steps");
        return steps.isArray() ? steps.size() : 0;
    }

    /** The STEP/TRAFFIC cell of {@code rollouts list}. */
    static String progress(Rollout rollout) {
        if (!rollout.active()) {
            return NONE;
        }
        if (rollout.step() != null) {
            return step(rollout);
        }
        Rollout.Traffic traffic = rollout.traffic();
        if (traffic == null) {
            return NONE;
        }
        return traffic.mirrorPercent() > 0
                ? "mirror " + traffic.mirrorPercent() + "%"
                : traffic.candidatePercent() + "%";
    }

    /** The live lines of {@code rollouts watch}, keyed so a change can be found line by line. */
    static Map<String, String> status(Rollout rollout) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(
                "title",
                "Rollout "
                        + rollout.id()
                        + " on endpoint/"
                        + rollout.endpoint()
                        + ": "
                        + change(rollout));
        lines.put("phase", label("Phase:") + phase(rollout));
        lines.put("traffic", label("Traffic:") + traffic(rollout.traffic()));
        if (rollout.guardrails() != null) {
            // Two lines, so that each fits a terminal's width.
            lines.put(
                    "guardrails candidate",
                    label("Guardrails:")
                            + "candidate "
                            + readings(rollout.guardrails().candidate()));
            lines.put(
                    "guardrails primary",
                    label("") + "primary   " + readings(rollout.guardrails().primary()));
        }
        if (rollout.analysis() != null) {
            Rollout.AnalysisResult analysis = rollout.analysis();
            lines.put("analysis", label("Analysis:") + analysisSummary(analysis));
            for (Rollout.OutputComparison output : analysis.outputs()) {
                lines.put("output " + output.output(), "  " + output(output));
            }
        }
        return lines;
    }

    /** {@code candidate 120 requests, error rate 0.83%, p99 41ms | primary ...}. */
    static String guardrails(Rollout.GuardrailReadings readings) {
        return "candidate "
                + readings(readings.candidate())
                + " | primary "
                + readings(readings.primary());
    }

    private static String readings(Rollout.Readings readings) {
        if (readings == null) {
            return NONE;
        }
        return readings.requests()
                + " requests, error rate "
                + (readings.errorRate() == null ? NONE : number(readings.errorRate() * 100) + "%")
                + ", p99 "
                + (readings.p99Ms() == null ? NONE : number(readings.p99Ms()) + "ms");
    }

    /** {@code 250 pairs, 0 candidate failures, verdict passed (reason; reason)}. */
    static String analysisSummary(Rollout.AnalysisResult analysis) {
        String text =
                analysis.pairs()
                        + " pairs, "
                        + analysis.candidateFailures()
                        + " candidate failures, verdict "
                        + TablePrinter.text(analysis.verdict());
        return analysis.reasons().isEmpty()
                ? text
                : text + " (" + String.join("; ", analysis.reasons()) + ")";
    }

    /** {@code probability: KS 0.031, p-value 0.82, mean abs diff 0.0004}: the statistics sent. */
    static String output(Rollout.OutputComparison output) {
        List<String> parts = new ArrayList<>();
        addStatistic(parts, "KS", output.ksStatistic());
        addStatistic(parts, "p-value", output.pValue());
        addStatistic(parts, "mean abs diff", output.meanAbsDiff());
        addStatistic(parts, "max abs diff", output.maxAbsDiff());
        addStatistic(parts, "PSI", output.psi());
        addStatistic(parts, "agreement", output.agreement());
        return output.output()
                + ": "
                + output.pairs()
                + " pairs"
                + (parts.isEmpty() ? "" : ", " + String.join(", ", parts));
    }

    private static void addStatistic(List<String> parts, String name, Double value) {
        if (value != null) {
            parts.add(name + " " + number(value));
        }
    }

    /** {@code 2025-01-01T00:00:05Z step_started traffic 50% to wine:2}. */
    static String event(Rollout.Event event) {
        String text = TablePrinter.text(event.at()) + "  " + TablePrinter.text(event.type());
        return isBlank(event.message()) ? text : text + "  " + event.message();
    }

    /** One {@code rollouts list} row. */
    static List<String> row(Rollout rollout, Instant now) {
        return List.of(
                Long.toString(rollout.id()),
                TablePrinter.text(rollout.endpoint()),
                TablePrinter.text(rollout.from()),
                TablePrinter.text(rollout.to()),
                TablePrinter.text(rollout.strategy()),
                TablePrinter.text(rollout.phase()),
                progress(rollout),
                age(rollout.createdAt(), now));
    }

    /** {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}. */
    static String age(String createdAt, Instant now) {
        Duration age;
        try {
            age = Duration.between(Instant.parse(createdAt), now);
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return NONE;
        }
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3_600) {
            return seconds / 3_600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** {@code rollouts show}: summary, spec, readings and the event log. */
    static void printDetails(TablePrinter printer, Rollout rollout) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Rollout", rollout.id());
        fields.put("Endpoint", rollout.endpoint());
        fields.put("From", rollout.from());
        fields.put("To", rollout.to());
        fields.put("Strategy", rollout.strategy());
        fields.put("Phase", phase(rollout));
        fields.put("Phase started", rollout.phaseStartedAt());
        fields.put("Active", rollout.active() ? "yes" : "no");
        fields.put("Traffic", traffic(rollout.traffic()));
        fields.put("Created", rollout.createdAt());
        fields.put("Updated", rollout.updatedAt());
        printer.fields(fields);
        if (rollout.spec() != null && rollout.spec().isObject()) {
            printer.blankLine();
            printer.line("Spec:");
            Map<String, Object> spec = TablePrinter.fieldMap();
            flatten("  ", rollout.spec(), spec);
            printer.fields(spec);
        }
        if (rollout.guardrails() != null) {
            printer.blankLine();
            printer.line("Guardrails: " + guardrails(rollout.guardrails()));
        }
        if (rollout.analysis() != null) {
            printer.blankLine();
            printer.line("Analysis: " + analysisSummary(rollout.analysis()));
            rollout.analysis().outputs().forEach(output -> printer.line("  " + output(output)));
        }
        printer.blankLine();
        if (rollout.events().isEmpty()) {
            printer.line("No events.");
        } else {
            printer.line("Events:");
            printer.table(
                    List.of("  TIME", "TYPE", "MESSAGE"),
                    rollout.events().stream()
                            .map(
                                    event ->
                                            List.of(
                                                    "  " + TablePrinter.text(event.at()),
                                                    TablePrinter.text(event.type()),
                                                    TablePrinter.text(event.message())))
                            .toList());
        }
    }

    /** Dotted keys for nested objects ({@code then.steps}); lists read {@code 10, 50, 100}. */
    static void flatten(String prefix, JsonNode node, Map<String, Object> fields) {
        for (var entry : node.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, fields);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                fields.put(key, items);
            } else {
                fields.put(key, value.isNull() ? null : value.asText());
            }
        }
    }

    /** Three significant digits, no exponent, no trailing zeros: 0.031, 41, 0.0004. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String label(String label) {
        return String.format(LABEL_FORMAT, label);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
