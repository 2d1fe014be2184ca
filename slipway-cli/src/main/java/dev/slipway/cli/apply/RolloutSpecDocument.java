package dev.slipway.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.RolloutSpecException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a RolloutSpec written in YAML (the JSON shape of docs/api.md) wherever it appears: an
 * endpoint's {@code spec.rollout}, a version's {@code spec.version.rollout}, or a spec file. Field
 * types are checked here; the rules between values (steps end at 100, approval before named steps)
 * are the {@link RolloutSpec} records' own, reported under the same dotted path. Unknown fields are
 * problems, as on the server, so a typo never falls back to a default.
 */
final class RolloutSpecDocument {

    private static final Set<String> EXPEDITED_FIELDS = Set.of("strategy", "keepPreviousFor");
    private static final Set<String> GRADUAL_FIELDS =
            Set.of(
                    "strategy",
                    "steps",
                    "linear",
                    "bake",
                    "approvalBefore",
                    "keepPreviousFor",
                    "guardrails");
    private static final Set<String> GUARDRAIL_FIELDS =
            Set.of("maxErrorRate", "latencyP99Ratio", "maxP99", "minRequests");
    private static final Set<String> SHADOW_FIELDS =
            Set.of("strategy", "mirrorPercent", "approval", "analysis", "then");
    private static final Set<String> ANALYSIS_FIELDS =
            Set.of("minPairs", "maxKsStatistic", "minPValue", "maxMeanAbsDiff", "minAgreement");

    private RolloutSpecDocument() {}

    /**
     * The spec in {@code node}, or null after recording every problem.
     *
     * @param path where {@code node} is, e.g. {@code spec.rollout}; empty for a whole file
     * @param otherFields fields of {@code node} that belong to its context, e.g. {@code endpoint}
     */
    static RolloutSpec read(
            DocumentReader reader, JsonNode node, String path, Set<String> otherFields) {
        int problemsBefore = reader.problemCount();
        String strategy = reader.string(node, path, "strategy", true);
        if (strategy == null) {
            return null;
        }
        RolloutSpec spec;
        try {
            spec =
                    switch (strategy) {
                        case "expedited" -> {
                            reader.rejectUnknown(node, path, with(EXPEDITED_FIELDS, otherFields));
                            yield new RolloutSpec.Expedited(
                                    reader.string(node, path, "keepPreviousFor", false));
                        }
                        case "gradual" -> gradual(reader, node, path, otherFields);
                        case "shadow" -> shadow(reader, node, path, otherFields);
                        default -> {
                            reader.problem(
                                    DocumentReader.join(path, "strategy"),
                                    "'" + strategy + "' must be expedited, gradual or shadow");
                            yield null;
                        }
                    };
        } catch (RolloutSpecException invalid) {
            reader.problem(DocumentReader.join(path, invalid.field()), invalid.problem());
            return null;
        }
        return reader.problemCount() == problemsBefore ? spec : null;
    }

    private static RolloutSpec.Gradual gradual(
            DocumentReader reader, JsonNode node, String path, Set<String> otherFields) {
        reader.rejectUnknown(node, path, with(GRADUAL_FIELDS, otherFields));
        List<Integer> steps = reader.integerList(node, path, "steps");
        RolloutSpec.Linear linear = null;
        JsonNode linearNode = reader.mapping(node, path, "linear", false);
        if (linearNode != null) {
            String linearPath = DocumentReader.join(path, "linear");
            reader.rejectUnknown(linearNode, linearPath, Set.of("step"));
            Integer step = reader.integer(linearNode, linearPath, "step");
            if (step == null) {
                reader.problem(DocumentReader.join(linearPath, "step"), "is required");
            } else {
                linear = new RolloutSpec.Linear(step);
            }
        }
        RolloutSpec.Guardrails guardrails = null;
        JsonNode guardrailNode = reader.mapping(node, path, "guardrails", false);
        if (guardrailNode != null) {
            String guardrailPath = DocumentReader.join(path, "guardrails");
            reader.rejectUnknown(guardrailNode, guardrailPath, GUARDRAIL_FIELDS);
            guardrails =
                    new RolloutSpec.Guardrails(
                            reader.number(guardrailNode, guardrailPath, "maxErrorRate"),
                            reader.number(guardrailNode, guardrailPath, "latencyP99Ratio"),
                            reader.string(guardrailNode, guardrailPath, "maxP99", false),
                            reader.integer(guardrailNode, guardrailPath, "minRequests"));
        }
        return new RolloutSpec.Gradual(
                steps,
                linear,
                reader.string(node, path, "bake", false),
                reader.integerList(node, path, "approvalBefore"),
                reader.string(node, path, "keepPreviousFor", false),
                guardrails);
    }

    private static RolloutSpec.Shadow shadow(
            DocumentReader reader, JsonNode node, String path, Set<String> otherFields) {
        reader.rejectUnknown(node, path, with(SHADOW_FIELDS, otherFields));
        RolloutSpec.Analysis analysis = null;
        JsonNode analysisNode = reader.mapping(node, path, "analysis", false);
        if (analysisNode != null) {
            String analysisPath = DocumentReader.join(path, "analysis");
            reader.rejectUnknown(analysisNode, analysisPath, ANALYSIS_FIELDS);
            analysis =
                    new RolloutSpec.Analysis(
                            reader.integer(analysisNode, analysisPath, "minPairs"),
                            reader.number(analysisNode, analysisPath, "maxKsStatistic"),
                            reader.number(analysisNode, analysisPath, "minPValue"),
                            reader.number(analysisNode, analysisPath, "maxMeanAbsDiff"),
                            reader.number(analysisNode, analysisPath, "minAgreement"));
        }
        JsonNode thenNode = reader.mapping(node, path, "then", false);
        RolloutSpec then =
                thenNode == null
                        ? null
                        : read(reader, thenNode, DocumentReader.join(path, "then"), Set.of());
        return new RolloutSpec.Shadow(
                reader.integer(node, path, "mirrorPercent"),
                reader.string(node, path, "approval", false),
                analysis,
                then);
    }

    private static Set<String> with(Set<String> fields, Set<String> otherFields) {
        Set<String> all = new HashSet<>(fields);
        all.addAll(otherFields);
        return all;
    }
}
