package dev.slipway.server.job;

/**
 * Parses decimal numbers out of a line without making a string of each cell. Plain decimals ({@code
 * -12.5}, {@code 3e-4}) with at most 18 significant digits and a small exponent take Clinger's fast
 * path: the digits as an exact long, one multiplication or division by an exact power of ten, which
 * IEEE 754 rounds correctly, so the result is what {@link Double#parseDouble} gives. Anything else
 * ({@code NaN}, hex, many digits) goes to {@link Double#parseDouble}. Stateless.
 */
final class Decimals {
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private Decimals() {}

    /**
     * The number in {@code text[from, to)}, blanks around it ignored.
     *
     * @throws NumberFormatException when it is not a number
     */
    static double parse(String text, int from, int to) {
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        int i = from;
        boolean negative = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long digits = 0;
        int significant = 0;
        int exponent = 0;
        boolean anyDigit = false;
        boolean point = false;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (significant < 18) {
                    if (digits != 0 || c != '0') {
                        digits = digits * 10 + (c - '0');
                        significant++;
                    }
                    if (point) {
                        exponent--;
                    }
                } else if (!point) {
                    exponent++; // a digit beyond what a long holds exactly: fall back below
                    significant++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (i < to && anyDigit && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            boolean negativeExponent = false;
            if (j < to && (text.charAt(j) == '-' || text.charAt(j) == '+')) {
                negativeExponent = text.charAt(j) == '-';
                j++;
            }
            int value = 0;
            int start = j;
            while (j < to && text.charAt(j) >= '0' && text.charAt(j) <= '9' && value < 10_000) {
                value = value * 10 + (text.charAt(j) - '0');
                j++;
            }
            if (j > start) {
                exponent += negativeExponent ? -value : value;
                i = j;
            }
        }
        if (i != to || !anyDigit || significant > 18 || digits >= (1L << 53)) {
            return Double.parseDouble(text.substring(from, to));
        }
        double value;
        if (digits == 0) {
            value = 0;
        } else if (exponent >= 0 && exponent < POWERS.length) {
            value = digits * POWERS[exponent];
        } else if (exponent < 0 && -exponent < POWERS.length) {
            value = digits / POWERS[-exponent];
        } else {
            return Double.parseDouble(text.substring(from, to));
        }
        return negative ? -value : value;
    }
}
