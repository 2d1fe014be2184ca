package dev.slipway.cli;

import dev.slipway.cli.input.DurationValue;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --interval}: how often a watching command asks the server for news. */
final class WatchIntervalOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = Converters.DurationConverter.class,
            description = "How often to ask the server while watching (default: ${DEFAULT-VALUE}).")
    private DurationValue interval = DurationValue.of(RolloutWatcher.DEFAULT_INTERVAL);

    Duration interval() {
        if (interval.duration().isZero()) {
            throw new ParameterException(command.commandLine(), "--interval must be more than 0");
        }
        return interval.duration();
    }
}
