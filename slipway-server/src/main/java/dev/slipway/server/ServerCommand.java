package dev.slipway.server;

import dev.slipway.core.endpoint.Quantities;
import dev.slipway.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway server}: runs control plane, gateway and a local node until stopped. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the Slipway server: control plane, gateway and a local node in one process.",
            "Settings come from SLIPWAY_* environment variables, overridden by these options."
        })
public final class ServerCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            description = "HTTP port (default 8080, SLIPWAY_PORT; 0 = any free port)")
    Integer port;

    @Option(
            names = "--host",
            description = "Address to listen on (default 127.0.0.1, SLIPWAY_HOST)")
    String host;

    @Option(
            names = "--data-dir",
            description =
                    "Database, artifacts and admin token (default ~/.slipway/data, SLIPWAY_DATA_DIR)")
    Path dataDir;

    @Option(
            names = "--max-request-size",
            description =
                    "Largest inference request body, e.g. 6Mi (default, SLIPWAY_MAX_REQUEST_SIZE)")
    String maxRequestSize;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = configure(ServerConfig.fromEnvironment(System.getenv()));
        BatchScheduling.applyUnlessDisabled(System.getenv());
        SlipwayServer server = SlipwayServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "slipway-shutdown"));
        System.out.println("Slipway is serving on " + server.baseUrl());
        System.out.println(
                "Admin token: "
                        + config.dataDir().resolve(AdminToken.FILE)
                        + " (or SLIPWAY_TOKEN)");
        stopped.await();
        return 0;
    }

    ServerConfig configure(ServerConfig config) {
        if (port != null) {
            config = config.withPort(port);
        }
        if (host != null) {
            config = config.withHost(host);
        }
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (maxRequestSize != null) {
            config =
                    config.withMaxRequestBytes(
                            Quantities.parseMemory("--max-request-size", maxRequestSize));
        }
        return config;
    }
}
