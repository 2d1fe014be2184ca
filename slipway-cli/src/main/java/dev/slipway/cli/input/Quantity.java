package dev.slipway.cli.input;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory size, written the Kubernetes way: {@code 512Mi}, {@code 1Gi}, {@code 500M}, {@code
 * 1.5Gi} or a plain number of bytes. Two quantities are equal when they name the same number of
 * bytes, so {@code 1Gi} equals {@code 1024Mi}.
 *
 * @param bytes the size in bytes, never negative
 */
public record Quantity(long bytes) {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([A-Za-z]*)");

    // The suffixes the server parses too. Binary ones come first: toString() prefers them
    // because memory is usually sized in Mi/Gi.
    private static final Map<String, Long> BINARY =
            Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);
    private static final Map<String, Long> DECIMAL =
            Map.of("k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);

    public Quantity {
        if (bytes < 0) {
            throw new IllegalArgumentException("a memory quantity cannot be negative: " + bytes);
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the accepted syntax
     */
    public static Quantity parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory quantity is required (e.g. 512Mi)");
        }
        Matcher matcher = SYNTAX.matcher(text.trim());
        if (!matcher.matches()) {
            throw invalid(text);
        }
        // Kubernetes spells kilo "k"; "K" is accepted too because people write it.
        String suffix = matcher.group(2).equals("K") ? "k" : matcher.group(2);
        Long multiplier = suffix.isEmpty() ? Long.valueOf(1) : BINARY.get(suffix);
        if (multiplier == null) {
            multiplier = DECIMAL.get(suffix);
        }
        if (multiplier == null) {
            throw invalid(text);
        }
        BigDecimal bytes =
                new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(multiplier));
        try {
            return new Quantity(bytes.longValueExact());
        } catch (ArithmeticException notWholeOrTooLarge) {
            throw new IllegalArgumentException(
                    "memory quantity '" + text + "' is not a whole number of bytes below 8Ei");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "memory quantity '"
                        + text
                        + "' is not valid: write a number with an optional suffix Ki, Mi, Gi, Ti,"
                        + " k, M, G or T (e.g. 512Mi)");
    }

    /** The shortest exact spelling, preferring binary suffixes: {@code 512Mi}, {@code 500M}. */
    @Override
    public String toString() {
        for (Map<String, Long> units : List.of(BINARY, DECIMAL)) {
            String best = null;
            long bestCount = Long.MAX_VALUE;
            for (var unit : units.entrySet()) {
                long size = unit.getValue();
                if (bytes != 0 && bytes % size == 0 && bytes / size < bestCount) {
                    bestCount = bytes / size;
                    best = bestCount + unit.getKey();
                }
            }
            if (best != null) {
                return best;
            }
        }
        return Long.toString(bytes);
    }
}
