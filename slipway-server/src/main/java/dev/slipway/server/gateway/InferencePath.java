package dev.slipway.server.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /** {@code {endpoint}/versions/{version}/infer}: the most segments an inference path has. */
    private static final int MAX_SEGMENTS = 4;

    /** The inference call this path names, or null when it names none. */
    static InferencePath parse(String path) {
        if (path == null) {
            return null;
        }
        int end = path.length() > 1 && path.endsWith("/") ? path.length() - 1 : path.length();
        if (path.startsWith(OIP)) {
            String[] parts = segments(path, OIP.length(), end);
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
        if (path.startsWith(SAGEMAKER)) {
            String[] parts = segments(path, SAGEMAKER.length(), end);
            if (parts != null && parts.length == 2 && parts[1].equals("invocations")) {
                return new InferencePath(ErrorMapper.Surface.SAGEMAKER, parts[0], null);
            }
        }
        return null;
    }

    /**
     * The decoded segments of {@code path} between {@code from} and {@code end}, or null if there
     * are more than an inference path has, or one is empty, a dot segment or malformed. Cut by hand
     * rather than by {@code split}: this runs for every inference request.
     */
    private static String[] segments(String path, int from, int end) {
        if (from > end) {
            return null;
        }
        String[] parts = new String[MAX_SEGMENTS];
        int count = 0;
        int start = from;
        while (true) {
            if (count == MAX_SEGMENTS) {
                return null;
            }
            int slash = path.indexOf('/', start);
            int stop = slash < 0 || slash > end ? end : slash;
            String part = decoded(path.substring(start, stop));
            if (part == null || part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
            parts[count++] = part;
            if (stop == end) {
                return count == MAX_SEGMENTS ? parts : Arrays.copyOf(parts, count);
            }
            start = stop + 1;
        }
    }

    /** The segment with its percent-escapes decoded, or null when they are malformed. */
    private static String decoded(String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        try {
            // A path's '+' is a plus, not a space as in a form.
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** The label metrics use for this API. */
    String protocol() {
        return api == ErrorMapper.Surface.OIP ? "oip" : "sagemaker";
    }
}
