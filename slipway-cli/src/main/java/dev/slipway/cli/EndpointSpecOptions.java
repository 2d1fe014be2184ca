package dev.slipway.cli;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The endpoint spec options shared by {@code endpoints create} and {@code endpoints update}. Each
 * is null unless given, so an update sends only what the user typed.
 */
final class EndpointSpecOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--model",
            paramLabel = "REF",
            converter = Converters.ModelReferenceConverter.class,
            description =
                    "NAME:VERSION or NAME@ALIAS: the version to serve (an alias is resolved"
                            + " when the spec is written).")
    ModelReference model;

    @Option(
            names = "--copies",
            paramLabel = "N",
            description = "Loaded copies (0 scales to zero; default 1).")
    Integer copies;

    @Option(names = "--cores", paramLabel = "C", description = "Cores per copy (default 1).")
    Double cores;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            converter = Converters.QuantityConverter.class,
            description = "Memory per copy, e.g. 512Mi or 1Gi (default 512Mi).")
    Quantity memory;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Request timeout, e.g. 5s or 250ms (default 30s).")
    DurationValue timeout;

    @Option(
            names = "--wait",
            description = "Wait until every copy serves the spec's version; print the URLs.")
    boolean waitUntilReady;

    @Option(
            names = "--wait-timeout",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = Converters.DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    DurationValue waitTimeout = DurationValue.of(Duration.ofMinutes(5));

    /** The spec holding the given options only; rejects out-of-range values as usage errors. */
    EndpointSpec spec(String name) {
        if (copies != null && copies < 0) {
            throw new ParameterException(command.commandLine(), "--copies must be >= 0");
        }
        if (cores != null && !(cores > 0)) {
            throw new ParameterException(command.commandLine(), "--cores must be > 0");
        }
        if (memory != null && memory.bytes() == 0) {
            throw new ParameterException(command.commandLine(), "--memory must be more than 0");
        }
        if (timeout != null && timeout.duration().isZero()) {
            throw new ParameterException(command.commandLine(), "--timeout must be more than 0");
        }
        EndpointSpec.ResourcesSpec resources =
                cores == null && memory == null
                        ? null
                        : new EndpointSpec.ResourcesSpec(
                                cores, memory == null ? null : memory.toString());
        return new EndpointSpec(
                name,
                model == null ? null : model.text(),
                copies,
                resources,
                timeout == null ? null : timeout.toString());
    }
}
