package dev.slipway.cli.input;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration written the way operators write timeouts: {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, combinations such as {@code 1m30s}, or ISO-8601 ({@code PT5S}). Two values are equal
 * when they last equally long, so {@code 60s} equals {@code 1m}.
 *
 * @param duration the length in whole milliseconds, never negative
 */
public record DurationValue(Duration duration) {

    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    public DurationValue {
        if (duration == null) {
            throw new IllegalArgumentException("duration is required");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative: " + duration);
        }
        if (duration.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "a duration cannot be finer than a millisecond: " + duration);
        }
    }

    public static DurationValue of(Duration duration) {
        return new DurationValue(duration);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the accepted syntax
     */
    public static DurationValue parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required (e.g. 5s)");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return new DurationValue(Duration.parse(trimmed));
            } catch (DateTimeParseException notIso) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long unitNanos =
                    switch (part.group(2)) {
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 3_600_000_000_000L;
                    };
            nanos =
                    nanos.add(
                            new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            // Whole milliseconds: the finest unit the server reads back.
            long millis = nanos.divide(BigDecimal.valueOf(1_000_000)).longValueExact();
            return new DurationValue(Duration.ofMillis(millis));
        } catch (ArithmeticException tooPreciseOrLong) {
            throw new IllegalArgumentException(
                    "duration '" + text + "' is too long or finer than a millisecond");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "duration '"
                        + text
                        + "' is not valid: write a number with a unit ms, s, m or h (e.g. 5s,"
                        + " 250ms, 2m, 1m30s)");
    }

    public long toMillis() {
        return duration.toMillis();
    }

    /**
     * The largest single unit that divides the duration: {@code 90s}, {@code 2m}, {@code 250ms};
     * the server reads exactly this syntax.
     */
    @Override
    public String toString() {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
