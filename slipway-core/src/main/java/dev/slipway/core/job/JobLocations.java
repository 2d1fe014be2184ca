package dev.slipway.core.job;

import java.util.Objects;

/**
 * Where a job reads and writes, resolved and checked when it was created.
 *
 * @param input the resolved input (an absolute path, or {@code sha256:<hex>})
 * @param output the absolute path of the output file
 * @param errors the absolute path of the errors file: row number, key and reason per bad row
 */
public record JobLocations(String input, String output, String errors) {
    public JobLocations {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errors, "errors");
    }
}
