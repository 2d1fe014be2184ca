package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The outcome of running a version's golden examples; {@code passed} tells success. */
public record ValidationReport(
        String model, int version, boolean passed, int examples, List<Mismatch> mismatches) {

    public ValidationReport {
        mismatches = WireCollections.list(mismatches);
    }

    /**
     * One value that differed. {@code expected} and {@code actual} stay JSON because they may be
     * numbers, booleans or strings; fields other than {@code message} may be null when the problem
     * is not a single value (a missing output, a failed request).
     */
    public record Mismatch(
            String example,
            String output,
            Integer index,
            JsonNode expected,
            JsonNode actual,
            String message) {}
}
