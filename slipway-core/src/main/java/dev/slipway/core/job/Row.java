package dev.slipway.core.job;

/**
 * One data row of a job's input, read from its line.
 *
 * @see RowReader
 */
public sealed interface Row permits Row.Values, Row.Malformed {

    /** The job-wide row number, from 1. */
    long number();

    /** The line in its file, from 1. */
    long line();

    /** The row's key as written in the input: the id column's value, or the row number. */
    String key();

    /** A row whose values fit the model's columns, row-major in signature order. */
    record Values(long number, long line, String key, double[] values) implements Row {}

    /** A row that cannot be predicted, and why: it goes to the errors file. */
    record Malformed(long number, long line, String key, String reason) implements Row {}
}
