package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerOptionsTest {

    @TempDir Path home;
    @TempDir Path dataDirectory;

    @Test
    void anExplicitTokenWins() throws Exception {
        writeToken(home.resolve(".slipway/data"), "from-home");
        assertThat(ServerOptions.resolveToken(" given ", Map.of("SLIPWAY_TOKEN", "from-env"), home))
                .isEqualTo("given");
    }

    @Test
    void thenTheEnvironmentToken() {
        assertThat(ServerOptions.resolveToken(null, Map.of("SLIPWAY_TOKEN", "from-env"), home))
                .isEqualTo("from-env");
    }

    @Test
    void thenTheAdminTokenFileOfTheDataDirectory() throws Exception {
        writeToken(dataDirectory, "from-data-dir\n");
        writeToken(home.resolve(".slipway/data"), "from-home");

        assertThat(
                        ServerOptions.resolveToken(
                                null, Map.of("SLIPWAY_DATA_DIR", dataDirectory.toString()), home))
                .isEqualTo("from-data-dir");
    }

    @Test
    void thenTheDefaultDataDirectoryUnderHome() throws Exception {
        writeToken(home.resolve(".slipway/data"), "from-home\n");

        assertThat(ServerOptions.resolveToken(null, Map.of(), home)).isEqualTo("from-home");
    }

    @Test
    void noTokenAnywhereMeansNone() {
        assertThat(ServerOptions.resolveToken(null, Map.of(), home)).isNull();
        assertThat(ServerOptions.resolveToken("", Map.of("SLIPWAY_TOKEN", " "), home)).isNull();
    }

    private static void writeToken(Path directory, String token) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("admin-token"), token);
    }
}
