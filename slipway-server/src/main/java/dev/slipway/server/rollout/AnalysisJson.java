package dev.slipway.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.analysis.EquivalenceReport;
import dev.slipway.core.analysis.OutputComparison;
import dev.slipway.server.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Equivalence reports as JSON, for the API and the database. Numbers that do not apply (NaN) are
 * written as null, which every JSON reader accepts.
 */
public final class AnalysisJson {
    private AnalysisJson() {}

    public static ObjectNode toJson(EquivalenceReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("pairs", report.pairs());
        node.put("candidateFailures", report.candidateFailures());
        node.put("verdict", report.verdict().name().toLowerCase(Locale.ROOT));
        var reasons = node.putArray("reasons");
        report.reasons().forEach(reasons::add);
        var outputs = node.putArray("outputs");
        for (OutputComparison output : report.outputs()) {
            ObjectNode item = outputs.addObject();
            item.put("output", output.output());
            item.put("categorical", output.categorical());
            item.put("pairs", output.pairs());
            number(item, "meanAbsDiff", output.meanAbsDiff());
            number(item, "maxAbsDiff", output.maxAbsDiff());
            number(item, "ksStatistic", output.ksStatistic());
            number(item, "pValue", output.pValue());
            number(item, "psi", output.psi());
            number(item, "agreement", output.agreement() == null ? Double.NaN : output.agreement());
        }
        return node;
    }

    public static EquivalenceReport fromJson(JsonNode node) {
        List<OutputComparison> outputs = new ArrayList<>();
        for (JsonNode item : node.path("outputs")) {
            outputs.add(
                    new OutputComparison(
                            item.get("output").asText(),
                            item.get("categorical").asBoolean(),
                            item.get("pairs").asLong(),
                            number(item, "meanAbsDiff"),
                            number(item, "maxAbsDiff"),
                            number(item, "ksStatistic"),
                            number(item, "pValue"),
                            number(item, "psi"),
                            item.get("agreement").isNull()
                                    ? null
                                    : item.get("agreement").asDouble()));
        }
        List<String> reasons = new ArrayList<>();
        node.path("reasons").forEach(reason -> reasons.add(reason.asText()));
        return new EquivalenceReport(
                node.get("pairs").asLong(),
                node.get("candidateFailures").asLong(),
                outputs,
                EquivalenceReport.Verdict.valueOf(
                        node.get("verdict").asText().toUpperCase(Locale.ROOT)),
                reasons);
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    private static double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }
}
