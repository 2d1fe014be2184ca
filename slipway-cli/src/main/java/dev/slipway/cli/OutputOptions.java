package dev.slipway.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code -o/--output table|json|yaml} for commands that print a resource. */
final class OutputOptions {

    enum Format {
        TABLE,
        JSON,
        YAML
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            converter = FormatConverter.class,
            description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    private Format format = Format.TABLE;

    Format format() {
        return format;
    }

    boolean isTable() {
        return format == Format.TABLE;
    }

    /** Lower-case on the command line, independent of the CommandLine's enum settings. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException(
                        "'" + value + "' is not an output format: use table, json or yaml");
            }
        }
    }
}
