package dev.slipway.cli;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.ServingPolicySpec;
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
 * is null unless given, so an update sends only what the user typed. The async options live in
 * {@link EndpointAsyncOptions}.
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
            names = "--max-batch-size",
            paramLabel = "N",
            description =
                    "Merge up to N waiting requests into one model call (1 turns batching off,"
                            + " the default).")
    Integer maxBatchSize;

    @Option(
            names = "--max-delay",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long a request may wait for others to batch with, e.g. 2ms.")
    DurationValue maxDelay;

    @Option(
            names = "--max-queue",
            paramLabel = "N",
            description =
                    "Requests waiting per copy before the endpoint answers 429 (default: the"
                            + " server's).")
    Integer maxQueue;

    @Option(
            names = "--max-rows",
            paramLabel = "N",
            description =
                    "Rows one request may carry before it is refused with 413 (default: no limit).")
    Integer maxRows;

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

    /**
     * The spec holding the given options only, with {@code async} as its async part; rejects
     * out-of-range values as usage errors.
     */
    EndpointSpec spec(String name, ServingPolicySpec.AsyncSpec async) {
        requireAtLeast(copies, 0, "--copies");
        if (cores != null && !(cores > 0)) {
            throw usage("--cores must be > 0");
        }
        if (memory != null && memory.bytes() == 0) {
            throw usage("--memory must be more than 0");
        }
        if (timeout != null && timeout.duration().isZero()) {
            throw usage("--timeout must be more than 0");
        }
        requireAtLeast(maxBatchSize, 1, "--max-batch-size");
        requireAtLeast(maxQueue, 1, "--max-queue");
        requireAtLeast(maxRows, 1, "--max-rows");
        EndpointSpec.ResourcesSpec resources =
                cores == null && memory == null
                        ? null
                        : new EndpointSpec.ResourcesSpec(
                                cores, memory == null ? null : memory.toString());
        ServingPolicySpec.BatchingSpec batching =
                maxBatchSize == null && maxDelay == null
                        ? null
                        : new ServingPolicySpec.BatchingSpec(maxBatchSize, text(maxDelay));
        return new EndpointSpec(
                name,
                model == null ? null : model.text(),
                copies,
                resources,
                text(timeout),
                new ServingPolicySpec(maxQueue, maxRows, batching, async),
                null);
    }

    private void requireAtLeast(Integer value, int minimum, String option) {
        if (value != null && value < minimum) {
            throw usage(option + " must be >= " + minimum);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    private static String text(DurationValue duration) {
        return duration == null ? null : duration.toString();
    }
}
