package dev.slipway.cli;

import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;
import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for the CLI's value types, so a bad {@code --memory} or {@code --model} is a
 * usage error (exit 2) with the value class's own message.
 */
final class Converters {

    private Converters() {}

    private static <T> T convert(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException invalid) {
            throw new TypeConversionException(invalid.getMessage());
        }
    }

    static final class QuantityConverter implements ITypeConverter<Quantity> {
        @Override
        public Quantity convert(String text) {
            return Converters.convert(text, Quantity::parse);
        }
    }

    static final class DurationConverter implements ITypeConverter<DurationValue> {
        @Override
        public DurationValue convert(String text) {
            return Converters.convert(text, DurationValue::parse);
        }
    }

    static final class ModelReferenceConverter implements ITypeConverter<ModelReference> {
        @Override
        public ModelReference convert(String text) {
            return Converters.convert(text, ModelReference::parse);
        }
    }

    /** An http(s) URL with a host, kept as typed: webhooks are called at exactly this address. */
    static final class WebUrlConverter implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return Converters.convert(text, WebUrlConverter::check);
        }

        private static String check(String text) {
            URI url;
            try {
                url = URI.create(text.strip());
            } catch (IllegalArgumentException notUri) {
                url = URI.create("invalid:"); // reported below like any other non-web URL
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not an http:// or https:// URL with a host");
            }
            return text.strip();
        }
    }
}
