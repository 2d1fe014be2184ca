package dev.slipway.core.golden;

/**
 * One difference between a golden output and what the model produced.
 *
 * @param index flat element index, or -1 when the whole output differs (missing, wrong shape)
 * @param expected the expected element (a number or a string), or null
 * @param actual the produced element, or null
 */
public record Mismatch(
        String example, String output, int index, Object expected, Object actual, String message) {}
