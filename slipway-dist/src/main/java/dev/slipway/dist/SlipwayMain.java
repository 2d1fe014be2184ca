package dev.slipway.dist;

import dev.slipway.cli.SlipwayCommand;
import dev.slipway.server.ServerCommand;
import picocli.CommandLine;

/** The {@code slipway} command: the CLI's commands plus {@code server} and {@code demo}. */
public final class SlipwayMain {
    private SlipwayMain() {}

    public static CommandLine commandLine() {
        return SlipwayCommand.commandLine()
                .addSubcommand("server", new ServerCommand())
                .addSubcommand("demo", new DemoCommand());
    }

    public static void main(String[] args) {
        // `server` and `demo` return only once a shutdown hook has stopped them.
        System.exit(commandLine().execute(args));
    }
}
