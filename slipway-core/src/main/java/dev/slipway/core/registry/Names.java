package dev.slipway.core.registry;

import dev.slipway.core.error.SlipwayException;
import java.util.regex.Pattern;

/**
 * The rule for names of models, endpoints and aliases: DNS-label-like, so they fit URLs and pods.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

    private Names() {}

    /**
     * @throws SlipwayException INVALID_ARGUMENT naming the field when the name breaks the rule
     */
    public static String require(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SlipwayException.invalidArgument(
                    field
                            + " '"
                            + name
                            + "' is invalid: use 1-63 lower-case letters, digits, '.', '_' or"
                            + " '-', starting and ending with a letter or digit");
        }
        return name;
    }
}
