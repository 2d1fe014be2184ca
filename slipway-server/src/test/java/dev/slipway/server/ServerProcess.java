package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Slipway server in a separate JVM on the test classpath, so that a test can kill it with SIGKILL
 * (no shutdown hook, no flush) and start a new one on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path dataDir;
    private final String token;
    private final int port;
    private Process process;

    private ServerProcess(Path dataDir, String token, int port) {
        this.dataDir = dataDir;
        this.token = token;
        this.port = port;
    }

    /** Starts a server on a free port and waits until it is live. */
    public static ServerProcess start(Path dataDir, String token) throws IOException {
        ServerProcess server = new ServerProcess(dataDir, token, freePort());
        server.launch();
        return server;
    }

    /** A client of this server (it survives restarts: same port, same token). */
    public TestServer client() {
        return TestServer.remote("http://127.0.0.1:" + port, token, dataDir);
    }

    /** SIGKILL, then a new process on the same port and data directory, live again. */
    public void killAndRestart() throws Exception {
        process.destroyForcibly().waitFor();
        launch();
    }

    private void launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(
                        List.of(
                                java,
                                "--enable-native-access=ALL-UNNAMED",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ServerMain.class.getName(),
                                "--port",
                                Integer.toString(port),
                                "--data-dir",
                                dataDir.toString()));
        builder.environment().put("SLIPWAY_TOKEN", token);
        builder.redirectErrorStream(true);
        builder.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        process = builder.start();
        TestServer client = client();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                        () -> {
                            assertThat(process.isAlive())
                                    .as(
                                            "server process died; see %s",
                                            dataDir.resolve("server.log"))
                                    .isTrue();
                            return client.get("/v2/health/live").status() == 200;
                        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
