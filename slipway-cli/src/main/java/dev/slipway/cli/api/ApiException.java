package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered with an error status, or did not answer at all.
 *
 * <p>The message is the server's {@code error} field when it sent one, so it names the problem and
 * the field; the CLI prints it as {@code error: <message>}.
 */
public final class ApiException extends RuntimeException {

    /**
     * {@link #status()} when no usable HTTP answer arrived (connection refused, unreadable body).
     */
    public static final int NO_ANSWER = 0;

    private final int status;
    private final String code;
    private final JsonNode body;

    public ApiException(int status, String message, String code, JsonNode body) {
        super(message);
        this.status = status;
        this.code = code;
        this.body = body;
    }

    public ApiException(int status, String message) {
        this(status, message, null, null);
    }

    /** The HTTP status, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** The server's error code such as {@code MODEL_NOT_FOUND}, or null. */
    public String code() {
        return code;
    }

    /** The parsed JSON error body, or null when it was empty or not JSON. */
    public JsonNode body() {
        return body;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
