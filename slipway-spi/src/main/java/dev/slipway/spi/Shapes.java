package dev.slipway.spi;

import java.util.Arrays;

/** Arithmetic on tensor shapes (batch dimension first, -1 for a variable dimension in specs). */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a concrete shape; a scalar (empty shape) has one. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Whether a concrete shape fits a spec shape whose -1 dimensions accept any size. */
    public static boolean matches(long[] spec, long[] actual) {
        if (spec.length != actual.length) {
            return false;
        }
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] >= 0 && spec[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
