package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.AsyncAcceptance;
import dev.slipway.cli.api.AsyncInvocation;
import dev.slipway.cli.api.SlipwayApi;
import java.util.List;
import java.util.Map;

/**
 * How asynchronous invocations read for people: the acceptance of a new one, one invocation's
 * details, a list row, its result and how it ended. Pure functions of the wire records; the lines
 * are printed through {@link TablePrinter}.
 */
final class AsyncPrinter {

    static final List<String> LIST_HEADERS =
            List.of("ID", "ENDPOINT", "STATUS", "ATTEMPTS", "CREATED", "COMPLETED");

    private AsyncPrinter() {}

    /** What {@code invoke --async} prints: the id to ask about and where the outcome will be. */
    static void printAccepted(TablePrinter printer, AsyncAcceptance accepted) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Inference ID", accepted.inferenceId());
        fields.put("Output location", accepted.outputLocation());
        fields.put("Failure location", accepted.failureLocation());
        printer.fields(fields);
    }

    /** {@code async show}: every field, then the result of a successful invocation. */
    static void printDetails(TablePrinter printer, AsyncInvocation invocation, SlipwayApi api) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("ID", invocation.id());
        fields.put("Endpoint", invocation.endpoint());
        fields.put("Status", invocation.status());
        fields.put("Caller's ID", invocation.inferenceId());
        fields.put("Input", invocation.input());
        fields.put("Attempts", attempts(invocation));
        fields.put("Created", invocation.createdAt());
        fields.put("Started", invocation.startedAt());
        fields.put("Completed", invocation.completedAt());
        fields.put("Expires", invocation.expiresAt());
        fields.put("Output location", invocation.outputLocation());
        fields.put("Failure location", invocation.failureLocation());
        fields.put("Output type", invocation.outputContentType());
        fields.put("Notification", notification(invocation.notification()));
        fields.put("Error", invocation.error());
        printer.fields(fields);
        if (invocation.succeeded()) {
            printer.line("Result:");
            printResult(printer, invocation, api);
        }
    }

    /** The output of a successful invocation: JSON pretty-printed, anything else as it came. */
    static void printResult(TablePrinter printer, AsyncInvocation invocation, SlipwayApi api) {
        JsonNode result = invocation.result();
        if (result == null) {
            // The result is left out of the GET (a large or binary output): read it whole.
            printer.body(api.getAsyncOutput(invocation.id()));
        } else {
            printer.body(result.isTextual() ? result.asText() : result.toString());
        }
    }

    /** One {@code async list} row. */
    static List<String> row(AsyncInvocation invocation) {
        return List.of(
                TablePrinter.text(invocation.id()),
                TablePrinter.text(invocation.endpoint()),
                TablePrinter.text(invocation.status()),
                attempts(invocation),
                TablePrinter.text(invocation.createdAt()),
                TablePrinter.text(invocation.completedAt()));
    }

    /** {@code queued}, {@code running (attempt 2 of 3)}: what a waiting command shows. */
    static String status(AsyncInvocation invocation) {
        String status = TablePrinter.text(invocation.status());
        return invocation.attempts() > 0 && !invocation.finished()
                ? status + " (attempt " + attempts(invocation) + ")"
                : status;
    }

    /**
     * Why an invocation did not succeed, as the error of a waiting command: {@code async invocation
     * 7f3a failed after 3 attempts: model error}.
     */
    static String ending(AsyncInvocation invocation) {
        String text = "async invocation " + invocation.id() + " " + invocation.status();
        if ("failed".equals(invocation.status()) && invocation.attempts() > 1) {
            text += " after " + invocation.attempts() + " attempts";
        }
        String error = invocation.error();
        return error == null || error.isBlank() ? text : text + ": " + error;
    }

    /** {@code 1 of 3}, or {@code 1} when the server leaves the maximum out. */
    static String attempts(AsyncInvocation invocation) {
        return invocation.maxAttempts() == null
                ? Integer.toString(invocation.attempts())
                : invocation.attempts() + " of " + invocation.maxAttempts();
    }

    /** {@code sent (1 attempt)}, {@code none}. */
    private static String notification(AsyncInvocation.Notification notification) {
        if (notification == null || notification.status() == null) {
            return null;
        }
        if (notification.attempts() == 0) {
            return notification.status();
        }
        return notification.status()
                + " ("
                + notification.attempts()
                + (notification.attempts() == 1 ? " attempt)" : " attempts)");
    }
}
