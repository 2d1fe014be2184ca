package dev.slipway.cli.input;

/**
 * How an endpoint names the model version it serves: a pinned version ({@code fraud:3}) or an alias
 * ({@code fraud@champion}) that the server resolves when the spec is written.
 */
public sealed interface ModelReference {

    /** The model's name. */
    String model();

    /** The reference as written in a spec: {@code fraud:3} or {@code fraud@champion}. */
    String text();

    record Pinned(String model, int version) implements ModelReference {
        public Pinned {
            requireName(model);
            if (version < 1) {
                throw new IllegalArgumentException("model version must be >= 1, got " + version);
            }
        }

        @Override
        public String text() {
            return model + ":" + version;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    record Aliased(String model, String alias) implements ModelReference {
        public Aliased {
            requireName(model);
            requireName(alias);
        }

        @Override
        public String text() {
            return model + "@" + alias;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * Parses {@code NAME:VERSION} or {@code NAME@ALIAS}.
     *
     * @throws IllegalArgumentException naming the text and the expected forms
     */
    static ModelReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "a model reference is required: NAME:VERSION or NAME@ALIAS");
        }
        String trimmed = text.trim();
        int at = trimmed.indexOf('@');
        int colon = trimmed.indexOf(':');
        try {
            if (at > 0 && colon < 0) {
                return new Aliased(trimmed.substring(0, at), trimmed.substring(at + 1));
            }
            if (colon > 0 && at < 0) {
                return new Pinned(
                        trimmed.substring(0, colon),
                        Integer.parseInt(trimmed.substring(colon + 1)));
            }
        } catch (IllegalArgumentException invalidPart) {
            // NumberFormatException included: reported below with the expected forms.
        }
        throw new IllegalArgumentException(
                "model reference '"
                        + text
                        + "' is not valid: write NAME:VERSION (e.g. fraud:3) or NAME@ALIAS"
                        + " (e.g. fraud@champion)");
    }

    /**
     * Checks a model, alias or endpoint name: it appears in URL paths and in references, so it
     * cannot be blank or contain whitespace, {@code /}, {@code :} or {@code @}.
     */
    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        for (char character : name.toCharArray()) {
            if (Character.isWhitespace(character) || "/:@?#%".indexOf(character) >= 0) {
                throw new IllegalArgumentException(
                        "name '" + name + "' must not contain whitespace or any of / : @ ? # %");
            }
        }
        return name;
    }

    /**
     * Checks a batch job's target: an endpoint name, or a model reference ({@code name:3}, {@code
     * name@alias}).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static void requireTarget(String target) {
        if (target != null && (target.indexOf(':') > 0 || target.indexOf('@') > 0)) {
            parse(target);
        } else {
            requireName(target);
        }
    }
}
