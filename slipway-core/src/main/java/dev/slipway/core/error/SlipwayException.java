package dev.slipway.core.error;

import java.util.Objects;

/**
 * A failure with a code and a message meant for the caller: it names the problem and the field.
 * Thrown where the problem is found; mapped to a status in one place at the edge.
 */
public class SlipwayException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object details;

    public SlipwayException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SlipwayException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    private SlipwayException(ErrorCode code, String message, Object details, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.details = details;
    }

    /** A failure carrying a structured report (e.g. golden mismatches) for the response body. */
    public static SlipwayException withDetails(ErrorCode code, String message, Object details) {
        return new SlipwayException(code, message, details, null);
    }

    public static SlipwayException invalidInput(String message) {
        return new SlipwayException(ErrorCode.INVALID_INPUT, message);
    }

    public static SlipwayException invalidArgument(String message) {
        return new SlipwayException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** Structured details for the response body, or null. */
    public Object details() {
        return details;
    }
}
