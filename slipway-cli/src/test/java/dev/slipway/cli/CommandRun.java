package dev.slipway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One run of the {@code slipway} command line as a user would type it, with its outputs. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun run(String... args) {
        return run(SlipwayCommand.commandLine(), args);
    }

    static CommandRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** {@code args} followed by {@code --server URL --token test-token}. */
    static CommandRun against(CannedServer server, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", server.uri().toString(), "--token", "test-token"));
        return run(all.toArray(String[]::new));
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
