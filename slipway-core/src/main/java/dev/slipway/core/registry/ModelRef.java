package dev.slipway.core.registry;

import dev.slipway.core.error.SlipwayException;

/** How a caller names a version: a fixed {@code name:3} or a movable {@code name@champion}. */
public sealed interface ModelRef permits ModelRef.Pinned, ModelRef.Aliased {

    String model();

    /** A fixed version. */
    record Pinned(String model, int version) implements ModelRef {
        @Override
        public String toString() {
            return model + ":" + version;
        }
    }

    /** Whatever version the alias points at when the reference is resolved. */
    record Aliased(String model, String alias) implements ModelRef {
        @Override
        public String toString() {
            return model + "@" + alias;
        }
    }

    /**
     * Parses {@code name:version} or {@code name@alias}.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    static ModelRef parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw SlipwayException.invalidArgument(
                    field + " is required (NAME:VERSION or NAME@ALIAS)");
        }
        int at = text.indexOf('@');
        if (at > 0) {
            return new Aliased(
                    Names.require(field + " model name", text.substring(0, at)),
                    Names.require(field + " alias", text.substring(at + 1)));
        }
        int colon = text.lastIndexOf(':');
        if (colon > 0) {
            String model = Names.require(field + " model name", text.substring(0, colon));
            try {
                int version = Integer.parseInt(text.substring(colon + 1));
                if (version >= 1) {
                    return new Pinned(model, version);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw SlipwayException.invalidArgument(
                field + " '" + text + "' must be NAME:VERSION (version >= 1) or NAME@ALIAS");
    }
}
