package dev.slipway.core.analysis;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers written for people reading a verdict's reasons. */
final class Figures {
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int ALL_DIGITS = 17;

    private Figures() {}

    /**
     * {@code value operator limit}, e.g. {@code 0.231 > 0.1}. The limit is written as given; the
     * value is rounded to three significant digits, or more when fewer would print it equal to the
     * limit it broke ({@code 0.0010004 > 0.001}, not {@code 0.001 > 0.001}).
     */
    static String compared(double value, String operator, double limit) {
        String limitText = exact(limit);
        String valueText = rounded(value, SIGNIFICANT_DIGITS);
        for (int digits = SIGNIFICANT_DIGITS + 1;
                digits <= ALL_DIGITS && valueText.equals(limitText);
                digits++) {
            valueText = rounded(value, digits);
        }
        return valueText + " " + operator + " " + limitText;
    }

    /** {@code value} to {@code digits} significant digits, plain unless very small or large. */
    static String rounded(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return text(new BigDecimal(value).round(new MathContext(digits)));
    }

    /** The shortest decimal that reads back as {@code value}, as a user would have written it. */
    static String exact(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return text(BigDecimal.valueOf(value));
    }

    private static String text(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return "0";
        }
        double magnitude = Math.abs(stripped.doubleValue());
        return magnitude >= 1e-4 && magnitude < 1e7
                ? stripped.toPlainString()
                : stripped.toString();
    }
}
