package dev.slipway.server.api;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-token authentication for the control plane; compares in constant time. */
public final class TokenAuth implements Handler<RoutingContext> {
    private final byte[] token;
    private final String hint;

    public TokenAuth(String token, String hint) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.hint = hint;
    }

    @Override
    public void handle(RoutingContext routing) {
        String header = routing.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, token)) {
                routing.next();
                return;
            }
            routing.fail(
                    new SlipwayException(
                            ErrorCode.UNAUTHENTICATED, "the bearer token is not valid; " + hint));
            return;
        }
        routing.response().putHeader("www-authenticate", "Bearer");
        routing.fail(
                new SlipwayException(
                        ErrorCode.UNAUTHENTICATED,
                        "the control API needs 'Authorization: Bearer TOKEN'; " + hint));
    }
}
