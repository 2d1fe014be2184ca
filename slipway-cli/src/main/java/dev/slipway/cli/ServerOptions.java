package dev.slipway.cli;

import dev.slipway.cli.api.ApiClient;
import dev.slipway.cli.api.SlipwayApi;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --server} and {@code --token}: where the control plane is and how to prove who we are. */
final class ServerOptions {

    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "${env:SLIPWAY_URL:-" + DEFAULT_SERVER + "}",
            description = "Server URL (default: $SLIPWAY_URL or " + DEFAULT_SERVER + ").")
    private String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "Bearer token for /api/v1 (default: $SLIPWAY_TOKEN, else read from"
                            + " $SLIPWAY_DATA_DIR/admin-token or ~/.slipway/data/admin-token).")
    private String token;

    /** A client for the chosen server; the token is looked up now, not at parse time. */
    SlipwayApi api() {
        return new SlipwayApi(
                new ApiClient(
                        serverUri(),
                        resolveToken(
                                token, System.getenv(), Path.of(System.getProperty("user.home")))));
    }

    private URI serverUri() {
        try {
            URI uri = URI.create(server.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException invalid) {
            // reported below
        }
        throw new ParameterException(
                command.commandLine(),
                "--server '"
                        + server
                        + "' is not an http:// or https:// URL such as "
                        + DEFAULT_SERVER);
    }

    /**
     * The token to send, or null for none: the explicit one, else {@code SLIPWAY_TOKEN}, else the
     * admin-token file the server writes into its data directory.
     */
    static String resolveToken(String explicit, Map<String, String> environment, Path home) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        String fromEnvironment = environment.get("SLIPWAY_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        String dataDirectory = environment.get("SLIPWAY_DATA_DIR");
        Path tokenFile =
                dataDirectory != null && !dataDirectory.isBlank()
                        ? Path.of(dataDirectory, "admin-token")
                        : home.resolve(".slipway").resolve("data").resolve("admin-token");
        try {
            String content = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            return content.isEmpty() ? null : content;
        } catch (IOException absent) {
            return null; // no token: the server's 401 says so, with a hint
        }
    }
}
