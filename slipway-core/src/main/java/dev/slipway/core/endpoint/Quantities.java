package dev.slipway.core.endpoint;

import dev.slipway.core.error.SlipwayException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the Kubernetes-style quantities and Go-style durations users write. */
public final class Quantities {
    private static final Pattern MEMORY =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(Ki|Mi|Gi|Ti|K|M|G|T|k)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Quantities() {}

    /**
     * Parses {@code 512Mi}, {@code 1Gi}, {@code 500M} or a plain byte count.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    public static long parseMemory(String field, String text) {
        Matcher matcher = text == null ? null : MEMORY.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw SlipwayException.invalidArgument(
                    field + " '" + text + "' is not a quantity like 512Mi, 2Gi or 500M");
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        long multiplier =
                switch (unit) {
                    case "" -> 1L;
                    case "k", "K" -> 1_000L;
                    case "M" -> 1_000_000L;
                    case "G" -> 1_000_000_000L;
                    case "T" -> 1_000_000_000_000L;
                    case "Ki" -> 1L << 10;
                    case "Mi" -> 1L << 20;
                    case "Gi" -> 1L << 30;
                    case "Ti" -> 1L << 40;
                    default -> throw new IllegalStateException(unit);
                };
        double bytes = value * multiplier;
        // A cast would silently clamp this to Long.MAX_VALUE and accept it as a reservation.
        if (bytes >= 0x1p63) {
            throw SlipwayException.invalidArgument(field + " '" + text + "' is too large");
        }
        return (long) bytes;
    }

    /** Prints bytes in the largest binary unit that divides them (e.g. {@code 512Mi}). */
    public static String formatMemory(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h}.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    public static Duration parseDuration(String field, String text) {
        Matcher matcher =
                text == null ? null : DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches()) {
            throw SlipwayException.invalidArgument(
                    field + " '" + text + "' is not a duration like 250ms, 5s or 2m");
        }
        double value = Double.parseDouble(matcher.group(1));
        long millis =
                switch (matcher.group(2)) {
                    case "ms" -> (long) value;
                    case "s" -> (long) (value * 1_000);
                    case "m" -> (long) (value * 60_000);
                    case "h" -> (long) (value * 3_600_000);
                    default -> throw new IllegalStateException(matcher.group(2));
                };
        return Duration.ofMillis(millis);
    }

    /** Prints a duration in the largest unit that divides it (e.g. {@code 5s}). */
    public static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0 && millis > 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
