package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SlipwayCommandTest {

    @Test
    void rootHelpListsTheCommands() {
        CommandRun run = CommandRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: slipway", "models", "endpoints", "invoke", "apply", "help");
    }

    @Test
    void everyCommandHasHelp() {
        List<String> paths = new ArrayList<>();
        collect(SlipwayCommand.commandLine(), "", paths);

        assertThat(paths)
                .contains(
                        "models register",
                        "models list",
                        "models show",
                        "models alias",
                        "models validate",
                        "endpoints create",
                        "endpoints update",
                        "endpoints list",
                        "endpoints show",
                        "endpoints delete",
                        "invoke",
                        "async show",
                        "async list",
                        "apply");
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            CommandRun run = CommandRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(path).isZero();
            assertThat(run.out()).as(path).startsWith("Usage: slipway " + path);
        }
    }

    private static void collect(CommandLine command, String prefix, List<String> paths) {
        command.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            if (!name.equals("help")) {
                                String path = (prefix + " " + name).trim();
                                paths.add(path);
                                collect(sub, path, paths);
                            }
                        });
    }

    @Test
    void aMissingCommandIsAUsageError() {
        CommandRun run = CommandRun.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: a command is required")
                .contains("Run 'slipway --help' for usage.");
        CommandRun group = CommandRun.run("models");
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.err()).contains("Run 'slipway models --help'");
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        CommandRun run = CommandRun.run("models", "list", "--colour");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("error: Unknown option: '--colour'", "Run 'slipway models list --help'");
        assertThat(CommandRun.run("modles").err()).contains("Did you mean: slipway models?");
    }

    @Test
    void anUnreachableServerFailsWithOneLineAndNoStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CommandRun run =
                CommandRun.run("models", "list", "--server", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith(
                        "error: cannot reach the Slipway server at http://127.0.0.1:" + closedPort);
        assertThat(run.err()).doesNotContain("\tat ", "Exception in");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void aServerUrlThatIsNotHttpIsAUsageError() {
        CommandRun run = CommandRun.run("models", "list", "--server", "localhost:8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--server 'localhost:8080' is not an http:// or https:// URL");
    }

    @Test
    void printsTheVersion() {
        CommandRun run = CommandRun.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("slipway ");
    }

    @Command(name = "server", description = "A command the distribution adds.")
    static final class AddedCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("port 8080 is in use");
        }
    }

    @Test
    void commandsAddedByTheDistributionGetTheSameErrorHandling() {
        CommandLine commandLine = SlipwayCommand.commandLine();
        commandLine.addSubcommand("server", new AddedCommand());

        CommandRun run = CommandRun.run(commandLine, "server");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: port 8080 is in use" + System.lineSeparator());
    }
}
