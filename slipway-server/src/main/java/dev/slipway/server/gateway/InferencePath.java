package dev.slipway.server.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The path of an inference POST, recognised without a router: {@code /v2/models/{endpoint}/infer},
 * {@code /v2/models/{endpoint}/versions/{version}/infer} and {@code
 * /endpoints/{endpoint}/invocations}, with percent-escapes decoded as the router would. Any other
 * path, and one with empty or dot segments, is left to the router.
 *
 * @param version the path's version segment as written, or null when the path has none
 */
record InferencePath(ErrorMapper.Surface api, String endpoint, String version) {
    private static final String OIP = "/v2/models/";
    private static final String SAGEMAKER = "/endpoints/";

    /** The inference call this path names, or null when it names none. */
    static InferencePath parse(String path) {
        if (path == null) {
            return null;
        }
        String trimmed =
                path.length() > 1 && path.endsWith("/")
                        ? path.substring(0, path.length() - 1)
                        : path;
        if (trimmed.startsWith(OIP)) {
            String[] parts = segments(trimmed.substring(OIP.length()));
            if (parts == null) {
                return null;
            }
            if (parts.length == 2 && parts[1].equals("infer")) {
                return new InferencePath(ErrorMapper.Surface.OIP, parts[0], null);
            }
            if (parts.length == 4 && parts[1].equals("versions") && parts[3].equals("infer")) {
                return new InferencePath(ErrorMapper.Surface.OIP, parts[0], parts[2]);
            }
            return null;
        }
        if (trimmed.startsWith(SAGEMAKER)) {
            String[] parts = segments(trimmed.substring(SAGEMAKER.length()));
            if (parts != null && parts.length == 2 && parts[1].equals("invocations")) {
                return new InferencePath(ErrorMapper.Surface.SAGEMAKER, parts[0], null);
            }
        }
        return null;
    }

    /**
     * The decoded segments of {@code rest}, or null if one is empty, a dot segment or malformed.
     */
    private static String[] segments(String rest) {
        String[] parts = rest.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf('%') >= 0) {
                try {
                    // A path's '+' is a plus, not a space as in a form.
                    part = URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
                parts[i] = part;
            }
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
        }
        return parts;
    }

    /** The label metrics use for this API. */
    String protocol() {
        return api == ErrorMapper.Surface.OIP ? "oip" : "sagemaker";
    }
}
