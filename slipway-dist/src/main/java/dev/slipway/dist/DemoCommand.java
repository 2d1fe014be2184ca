package dev.slipway.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.server.BatchScheduling;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway demo}: starts a server on the embedded defaults, applies the example manifests
 * with the CLI (registering and deploying every example model), sends each endpoint a request over
 * OIP v2 and a CSV request the SageMaker way, prints what to try next, and serves until Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Starts a server, deploys the example models, sends requests and keeps serving.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--data-dir",
            defaultValue = "slipway-data",
            description = "Database and artifacts (default ./${DEFAULT-VALUE})")
    Path dataDir;

    @Option(
            names = "--examples",
            defaultValue = "examples",
            description = "Folder of example models with manifests (default ./${DEFAULT-VALUE})")
    Path examples;

    @Option(
            names = "--exit",
            description =
                    "Stop after the requests instead of serving until Ctrl-C (for scripts and tests)")
    boolean exit;

    /** One example: its folder and the endpoint its manifest declares. */
    record Example(Path directory, String endpoint) {}

    @Override
    public Integer call() throws Exception {
        List<Example> found = findExamples(examples);
        if (found.isEmpty()) {
            System.err.println("error: no example manifests under " + examples.toAbsolutePath());
            return 1;
        }
        ServerConfig config =
                ServerConfig.fromEnvironment(System.getenv()).withPort(port).withDataDir(dataDir);
        BatchScheduling.applyUnlessDisabled(System.getenv());
        SlipwayServer server = SlipwayServer.start(config);
        try {
            String url = server.baseUrl();
            String[] connection = {"--server", url, "--token", server.adminToken()};
            step("Server listening on " + url + " (data in " + dataDir.toAbsolutePath() + ")");

            step("Registering and deploying the example models: slipway apply -f " + examples);
            long started = System.nanoTime();
            if (cli(concat(new String[] {"apply", "-f", examples.toString()}, connection)) != 0) {
                return 1;
            }
            awaitReady(server);
            step(
                    "All endpoints ready "
                            + (System.nanoTime() - started) / 1_000_000
                            + " ms after apply started");
            cli(concat(new String[] {"endpoints", "list"}, connection));

            for (Example example : found) {
                step(
                        "OIP v2: slipway invoke "
                                + example.endpoint()
                                + " --data "
                                + example.directory().resolve("request.json"));
                cli(
                        concat(
                                new String[] {
                                    "invoke",
                                    example.endpoint(),
                                    "--data",
                                    example.directory().resolve("request.json").toString()
                                },
                                connection));
                Path rows = example.directory().resolve("rows.csv");
                if (Files.exists(rows)) {
                    step(
                            "SageMaker-style CSV: slipway invoke "
                                    + example.endpoint()
                                    + " --csv "
                                    + rows);
                    cli(
                            concat(
                                    new String[] {
                                        "invoke", example.endpoint(), "--csv", rows.toString()
                                    },
                                    connection));
                }
            }
            // The same rows once more, through the durable async queue.
            Example first = found.get(0);
            Path rows = first.directory().resolve("rows.csv");
            if (Files.exists(rows)) {
                step(
                        "Asynchronous (queued, result stored): slipway invoke "
                                + first.endpoint()
                                + " --async --csv "
                                + rows
                                + " --wait");
                cli(
                        concat(
                                new String[] {
                                    "invoke",
                                    first.endpoint(),
                                    "--async",
                                    "--csv",
                                    rows.toString(),
                                    "--wait"
                                },
                                connection));
            }
            printNextSteps(server, found);
            if (!exit) {
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            server.close();
                                            stopped.countDown();
                                        },
                                        "slipway-demo-shutdown"));
                stopped.await();
                return 0;
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        server.close();
        return 0;
    }

    private static int cli(String... args) {
        return SlipwayCommand.commandLine().execute(args);
    }

    private static void awaitReady(SlipwayServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!server.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "endpoints did not become ready within 2 minutes; see `slipway endpoints list`");
            }
            Thread.sleep(50);
        }
    }

    private void printNextSteps(SlipwayServer server, List<Example> found) {
        String url = server.baseUrl();
        Example first = found.getFirst();
        step("Slipway is serving. Try:");
        System.out.println("  export SLIPWAY_URL=" + url + " SLIPWAY_TOKEN=" + server.adminToken());
        System.out.println("  bin/slipway endpoints list");
        System.out.println("  bin/slipway models show " + first.endpoint());
        System.out.println("  curl -s " + url + "/v2/models/" + first.endpoint());
        System.out.println(
                "  curl -s -H 'content-type: application/json' --data @"
                        + first.directory().resolve("request.json")
                        + " "
                        + url
                        + "/v2/models/"
                        + first.endpoint()
                        + "/infer");
        System.out.println(
                "  curl -s -H 'content-type: text/csv' --data-binary @"
                        + first.directory().resolve("rows.csv")
                        + " "
                        + url
                        + "/endpoints/"
                        + first.endpoint()
                        + "/invocations");
        System.out.println("  curl -s " + url + "/metrics | grep slipway_");
        if (!exit) {
            System.out.println("Press Ctrl-C to stop.");
        }
    }

    private static void step(String text) {
        System.out.println();
        System.out.println("==> " + text);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** Every folder holding a manifest.yaml with an Endpoint and a request.json. */
    static List<Example> findExamples(Path root) throws IOException {
        List<Example> examples = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return examples;
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> manifests = Files.walk(root)) {
            for (Path manifest :
                    manifests
                            .filter(path -> path.getFileName().toString().equals("manifest.yaml"))
                            .sorted()
                            .toList()) {
                try (MappingIterator<JsonNode> documents =
                        yaml.readerFor(JsonNode.class).readValues(manifest.toFile())) {
                    for (JsonNode document : documents.readAll()) {
                        if (document.path("kind").asText().equals("Endpoint")
                                && Files.exists(manifest.resolveSibling("request.json"))) {
                            examples.add(
                                    new Example(
                                            manifest.getParent(),
                                            document.path("metadata").path("name").asText()));
                        }
                    }
                }
            }
        }
        return examples;
    }
}
