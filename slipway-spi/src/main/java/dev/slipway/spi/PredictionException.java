package dev.slipway.spi;

/**
 * A prediction failed. {@link #isInvalidInput()} tells a caller's mistake (a 4xx: values the model
 * rejects) from a failure of the model or runtime (a 5xx).
 */
public class PredictionException extends RuntimeException {
    private final boolean invalidInput;

    private PredictionException(String message, Throwable cause, boolean invalidInput) {
        super(message, cause);
        this.invalidInput = invalidInput;
    }

    public static PredictionException invalidInput(String message) {
        return new PredictionException(message, null, true);
    }

    public static PredictionException failure(String message, Throwable cause) {
        return new PredictionException(message, cause, false);
    }

    public boolean isInvalidInput() {
        return invalidInput;
    }
}
