package dev.slipway.cli;

import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.RolloutRequest;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.apply.RolloutSpecFile;
import dev.slipway.cli.input.ModelReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway rollouts start}: asks the server to move an endpoint to another version under a
 * strategy built from the options (or read from a YAML spec file), then optionally watches it.
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Start a rollout: move an endpoint to another model version under a strategy.",
            "expedited switches at once; gradual shifts traffic step by step under guardrails;",
            "shadow mirrors requests to the new version and compares the answers first.",
            "Options not given take the server's defaults (docs/api.md, RolloutSpec)."
        })
final class RolloutStartCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private RolloutSpecOptions options;
    @Mixin private WatchIntervalOption watchInterval;

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint to change.")
    private String endpoint;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "REF",
            converter = Converters.ModelReferenceConverter.class,
            description = "NAME:VERSION or NAME@ALIAS: the version to roll out.")
    private ModelReference model;

    @Option(
            names = "--strategy",
            paramLabel = "STRATEGY",
            description = "expedited, gradual or shadow (required unless -f gives a spec).")
    private String strategy;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE",
            description = "A YAML RolloutSpec (as under an endpoint manifest's spec.rollout).")
    private Path specFile;

    @Option(names = "--watch", description = "Watch the rollout until it ends (as rollouts watch).")
    private boolean watch;

    @Override
    public Integer call() {
        RolloutSpec rolloutSpec = rolloutSpec();
        Duration interval = watch ? watchInterval.interval() : null;
        SlipwayApi api = server.api();
        Rollout rollout =
                api.startRollout(endpoint, RolloutRequest.forModel(model.text(), rolloutSpec));
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        printer.line(RolloutPrinter.started(rollout));
        if (!watch) {
            return 0;
        }
        Rollout ended =
                RolloutWatcher.standard(
                                api,
                                spec.commandLine().getOut(),
                                RolloutWatcher.Display.forTerminal(System.console() != null),
                                interval)
                        .watch(rollout.id(), null);
        return RolloutWatcher.finish(ended, printer);
    }

    private RolloutSpec rolloutSpec() {
        if (specFile != null) {
            if (strategy != null || options.anyGiven()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "-f reads the whole spec: give either -f or --strategy and its options");
            }
            return RolloutSpecFile.read(specFile);
        }
        if (strategy == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing required option: '--strategy=STRATEGY' (or -f FILE)");
        }
        return options.spec(strategy, "--strategy");
    }
}
