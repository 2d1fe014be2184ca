package dev.slipway.core.golden;

import dev.slipway.core.registry.ModelVersionId;
import java.util.List;

/** The outcome of running a version's golden examples. */
public record ValidationReport(ModelVersionId version, int examples, List<Mismatch> mismatches) {
    public ValidationReport {
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    /** One line per mismatch, for logs and error messages. */
    public String summary() {
        if (passed()) {
            return version + ": " + examples + " golden example(s) passed";
        }
        StringBuilder text =
                new StringBuilder(version + ": " + mismatches.size() + " golden mismatch(es)");
        for (Mismatch mismatch : mismatches) {
            text.append("; ").append(mismatch.message());
        }
        return text.toString();
    }
}
