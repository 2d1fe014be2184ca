package dev.slipway.cli;

import dev.slipway.cli.api.ValidationFailedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code slipway} command. The distribution adds {@code server} and {@code demo} to the {@link
 * CommandLine} that {@link #commandLine()} returns; everything here talks to a server over its REST
 * API only.
 */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.JarVersion.class,
        description = "Slipway: from a trained model file to a live, versioned endpoint.",
        subcommands = {
            ModelsCommand.class,
            EndpointsCommand.class,
            RolloutsCommand.class,
            JobsCommand.class,
            InvokeCommand.class,
            AsyncCommand.class,
            ApplyCommand.class,
            HelpCommand.class
        })
public final class SlipwayCommand implements Callable<Integer> {

    /** Exit code of a failed command (API error, bad file, failed validation). */
    public static final int EXIT_FAILURE = 1;

    /** Exit code of a command line that does not parse. */
    public static final int EXIT_USAGE = 2;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * The configured command line: errors print as {@code error: <message>} without a stack trace,
     * exit code 1 for failures and 2 for usage errors; an argument starting with {@code @} is taken
     * as written.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SlipwayCommand());
        // "@FILE" is a value of its own (invoke --data @request.json, as with curl), not
        // picocli's file of extra arguments.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionExceptionHandler(SlipwayCommand::handleFailure);
        commandLine.setParameterExceptionHandler(SlipwayCommand::handleUsageError);
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    private static int handleFailure(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName(); // a bug: still no stack trace for users
        }
        message.lines().forEach(line -> err.println("error: " + line));
        if (failure instanceof ValidationFailedException refused) {
            refused.report()
                    .mismatches()
                    .forEach(mismatch -> err.println("  " + TablePrinter.mismatch(mismatch)));
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static int handleUsageError(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + problem.getMessage());
        UnmatchedArgumentException.printSuggestions(problem, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    /** {@code slipway 0.1.0}, from the jar manifest; {@code dev} when run from classes. */
    static final class JarVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SlipwayCommand.class.getPackage().getImplementationVersion();
            return new String[] {"slipway " + (version == null ? "dev" : version)};
        }
    }
}
