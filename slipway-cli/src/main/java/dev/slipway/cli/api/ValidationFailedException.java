package dev.slipway.cli.api;

/** Registration was refused (422) because golden examples did not match; carries the report. */
public final class ValidationFailedException extends RuntimeException {

    private final ValidationReport report;

    public ValidationFailedException(String message, ValidationReport report) {
        super(message);
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
