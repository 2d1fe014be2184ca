package dev.slipway.cli;

import dev.slipway.cli.api.ServingPolicySpec;
import dev.slipway.cli.api.ServingPolicySpec.AsyncSpec;
import dev.slipway.cli.api.ServingPolicySpec.NotificationsChange;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.SecretFile;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The async options of {@code endpoints create} and {@code endpoints update}: how the endpoint runs
 * asynchronous invocations and which webhooks it calls when they end. Each is null unless given.
 * The webhook secret is only ever read from a file, so it stays out of shell history and {@code
 * ps}.
 */
final class EndpointAsyncOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--async-max-concurrency",
            paramLabel = "N",
            description = "Async invocations in flight at once per copy (default 1).")
    Integer maxConcurrentPerCopy;

    @Option(
            names = "--async-max-attempts",
            paramLabel = "N",
            description = "Tries of an async invocation that fails for a retryable reason.")
    Integer maxAttempts;

    @Option(
            names = "--async-ttl",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long an async invocation may wait in the queue, e.g. 6h.")
    DurationValue ttl;

    @Option(
            names = "--async-invocation-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long one attempt of an async invocation may run, e.g. 15m.")
    DurationValue invocationTimeout;

    @Option(
            names = "--notify-success",
            paramLabel = "URL",
            converter = Converters.WebUrlConverter.class,
            description = "Webhook POSTed when an async invocation succeeds.")
    String onSuccess;

    @Option(
            names = "--notify-error",
            paramLabel = "URL",
            converter = Converters.WebUrlConverter.class,
            description = "Webhook POSTed when an async invocation fails or expires.")
    String onError;

    @Option(
            names = "--notify-secret-file",
            paramLabel = "PATH",
            description = {
                "File holding the secret that signs the webhooks (surrounding whitespace is"
                        + " trimmed).",
                "The --notify-* options replace the endpoint's notifications as a whole, and the"
                        + " server never shows the secret back: give this file and every URL"
                        + " you want each time."
            })
    Path secretFile;

    /**
     * The async part of the spec, or null when no async option was given.
     *
     * @param removeNotifications {@code --no-notifications} was given: send {@code "notifications":
     *     null}
     */
    AsyncSpec spec(boolean removeNotifications) {
        if (maxConcurrentPerCopy != null && maxConcurrentPerCopy < 1) {
            throw usage("--async-max-concurrency must be >= 1");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw usage("--async-max-attempts must be >= 1");
        }
        if (ttl != null && ttl.duration().isZero()) {
            throw usage("--async-ttl must be more than 0");
        }
        if (invocationTimeout != null && invocationTimeout.duration().isZero()) {
            throw usage("--async-invocation-timeout must be more than 0");
        }
        boolean notify = onSuccess != null || onError != null || secretFile != null;
        if (removeNotifications && notify) {
            throw usage(
                    "--no-notifications removes the webhooks: do not combine it with"
                            + " --notify-success, --notify-error or --notify-secret-file");
        }
        if (notify && secretFile == null) {
            throw usage(
                    "--notify-success and --notify-error need --notify-secret-file: the webhooks"
                            + " are signed, and the notifications are replaced as a whole");
        }
        if (notify && onSuccess == null && onError == null) {
            throw usage(
                    "--notify-secret-file needs --notify-success, --notify-error or both: the"
                            + " notifications are replaced as a whole");
        }
        NotificationsChange notifications = null;
        if (removeNotifications) {
            notifications = new ServingPolicySpec.RemoveNotifications();
        } else if (notify) {
            notifications =
                    new ServingPolicySpec.Notifications(
                            onSuccess, onError, SecretFile.read(secretFile));
        }
        AsyncSpec async =
                new AsyncSpec(
                        maxConcurrentPerCopy,
                        maxAttempts,
                        ttl == null ? null : ttl.toString(),
                        invocationTimeout == null ? null : invocationTimeout.toString(),
                        notifications);
        return async.changesNothing() ? null : async;
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
