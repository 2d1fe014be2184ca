package dev.slipway.server.job;

import dev.slipway.core.job.Row;

/** Turns one line of an input file into a row. Built per file; stateless afterwards. */
interface RowParser {

    /**
     * @param number the row's job-wide number, from 1
     * @param line the line's number in its file, from 1
     */
    Row parse(String text, long number, long line);
}
