package dev.slipway.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The `slipway` command as a user runs it, against a real server on loopback. */
class CliIT {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir Path dataDir;
    SlipwayServer server;

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Run slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", server.baseUrl(), "--token", server.adminToken()));
        return run(all.toArray(String[]::new));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = SlipwayMain.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String example(String path) {
        return EXAMPLES.resolve(path).toString();
    }

    @Test
    void registerDeployAndInvokeWithTheCli() {
        Run registered =
                slipway(
                        "models",
                        "register",
                        "breast-cancer",
                        "--file",
                        example("breast-cancer-xgboost/model.json"),
                        "--format",
                        "xgboost",
                        "--signature",
                        example("breast-cancer-xgboost/signature.yaml"),
                        "--golden",
                        example("breast-cancer-xgboost/golden.jsonl"),
                        "--lineage",
                        "dataset=wdbc",
                        "--tag",
                        "team=risk",
                        "--description",
                        "50 trees",
                        "-q");
        assertThat(registered.exit()).as(registered.err()).isZero();
        assertThat(registered.out().trim()).isEqualTo("1");

        assertThat(slipway("models", "alias", "breast-cancer", "1", "champion").exit()).isZero();
        Run show = slipway("models", "show", "breast-cancer:1");
        assertThat(show.out())
                .contains("validated")
                .contains("dataset")
                .contains("wdbc")
                .contains("champion");
        assertThat(slipway("models", "list").out()).contains("breast-cancer");

        Run created =
                slipway(
                        "endpoints",
                        "create",
                        "cancer",
                        "--model",
                        "breast-cancer@champion",
                        "--copies",
                        "2",
                        "--memory",
                        "256Mi",
                        "--timeout",
                        "5s",
                        "--wait");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(slipway("endpoints", "list").out()).contains("cancer").contains("ready");

        Run invoked =
                slipway(
                        "invoke",
                        "cancer",
                        "--data",
                        example("breast-cancer-xgboost/request.json"));
        assertThat(invoked.exit()).as(invoked.err()).isZero();
        assertThat(invoked.out()).contains("\"model_name\"").contains("probability");
        Run csv = slipway("invoke", "cancer", "--csv", example("breast-cancer-xgboost/rows.csv"));
        assertThat(csv.out()).contains("predictions");
        assertThat(slipway("models", "validate", "breast-cancer:1").out())
                .containsIgnoringCase("passed");

        assertThat(slipway("endpoints", "update", "cancer", "--copies", "1", "--wait").exit())
                .isZero();
        assertThat(slipway("endpoints", "delete", "cancer").exit()).isZero();
        assertThat(slipway("endpoints", "show", "cancer").exit()).isEqualTo(1);
    }

    @Test
    void applyIsIdempotentAndDryRunChangesNothing() {
        Run dryRun = slipway("apply", "-f", EXAMPLES.toString(), "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("dry run");
        assertThat(slipway("models", "list", "-o", "json").out()).doesNotContain("breast-cancer");

        Run first = slipway("apply", "-f", EXAMPLES.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("endpoint/wine: created")
                .contains("model/wine: version 1 registered");

        Run second = slipway("apply", "-f", EXAMPLES.toString());
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("0 created, 0 changed, 6 unchanged");
    }

    @Test
    void failuresExitNonZeroWithTheServersMessage() {
        Run unknownFormat =
                slipway(
                        "models",
                        "register",
                        "m",
                        "--file",
                        example("wine-mlp-onnx/model.onnx"),
                        "--format",
                        "pmml");
        assertThat(unknownFormat.exit()).isEqualTo(1);
        assertThat(unknownFormat.err()).contains("unknown format 'pmml'");

        Run unknownEndpoint =
                slipway("invoke", "nope", "--data", example("wine-mlp-onnx/request.json"));
        assertThat(unknownEndpoint.exit()).isEqualTo(1);
        assertThat(unknownEndpoint.err()).contains("endpoint 'nope' does not exist");

        Run noToken =
                run(
                        "models",
                        "list",
                        "--server",
                        server.baseUrl(),
                        "--token",
                        "wrong-token-0123456789");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("bearer token is not valid");

        assertThat(slipway("endpoints", "create", "x").exit()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelp() {
        List<String> checked = new ArrayList<>();
        checkHelp(SlipwayMain.commandLine(), new ArrayList<>(), checked);
        assertThat(checked)
                .contains(
                        "models register", "endpoints create", "apply", "invoke", "server", "demo");
    }

    private static void checkHelp(CommandLine command, List<String> path, List<String> checked) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        Run help = run(args.toArray(String[]::new));
        assertThat(help.exit()).as(String.join(" ", args)).isZero();
        assertThat(help.out()).as(String.join(" ", args)).contains("Usage:");
        checked.add(String.join(" ", path));
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            checkHelp(sub.getValue(), next, checked);
        }
    }

    @Test
    void demoDeploysTheExamplesAndARestartedServerServesThem() throws Exception {
        server.close();
        Path demoData = dataDir.resolve("demo");
        Run demo =
                run(
                        "demo",
                        "--port",
                        "0",
                        "--data-dir",
                        demoData.toString(),
                        "--examples",
                        EXAMPLES.toString(),
                        "--exit");
        assertThat(demo.exit()).as(demo.err()).isZero();

        server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(demoData));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(server::ready);
        assertThat(server.endpoints())
                .extracting(endpoint -> endpoint.name())
                .containsExactly("breast-cancer", "diabetes", "wine");
        Run invoked = slipway("invoke", "wine", "--data", example("wine-mlp-onnx/request.json"));
        assertThat(invoked.out()).contains("\"label\"");
        // The demo's asynchronous call went through the queue; its result outlives the demo.
        assertThat(slipway("async", "list").out()).contains("breast-cancer").contains("succeeded");
    }
}
