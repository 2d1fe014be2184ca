package dev.slipway.core.golden;

/**
 * How close a float output must be: {@code |actual - expected| <= absolute + relative *
 * |expected|}, numpy's {@code isclose}.
 */
public record Tolerance(double absolute, double relative) {
    public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-5);

    public Tolerance {
        if (!(absolute >= 0) || !(relative >= 0)) {
            throw new IllegalArgumentException(
                    "tolerance must be >= 0, got absolute " + absolute + " relative " + relative);
        }
    }

    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }
}
