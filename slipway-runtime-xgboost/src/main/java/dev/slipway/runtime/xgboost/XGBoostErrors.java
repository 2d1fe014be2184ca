package dev.slipway.runtime.xgboost;

/**
 * Shortens XGBoost's native error messages for users.
 *
 * <p>Thread-safe: stateless.
 */
final class XGBoostErrors {
    private XGBoostErrors() {}

    /**
     * The message without the native stack trace that XGBoost appends ("Stack trace: [bt] (0) ...")
     * and without the "[hh:mm:ss] source-file:line: " prefix, which mean nothing to a caller.
     */
    static String summary(Exception e) {
        String message = String.valueOf(e.getMessage());
        int trace = message.indexOf("Stack trace:");
        if (trace >= 0) {
            message = message.substring(0, trace);
        }
        message = message.strip();
        if (message.startsWith("[")) {
            int sourceEnd = message.indexOf(": ", message.indexOf(']'));
            if (sourceEnd > 0) {
                message = message.substring(sourceEnd + 2);
            }
        }
        return message;
    }
}
