package dev.slipway.cli;

import dev.slipway.cli.api.ApiException;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.RolloutReference;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.api.SlipwayApi.RolloutAction;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway rollouts}: durable, server-driven changes of what an endpoint serves. The commands
 * only record intent (start, approve, abort, rollback); the server's reconciler acts.
 */
@Command(
        name = "rollouts",
        mixinStandardHelpOptions = true,
        description = "Start, watch, approve, abort and roll back rollouts of endpoints.",
        subcommands = {
            RolloutStartCommand.class,
            RolloutsCommand.ListRollouts.class,
            RolloutsCommand.ShowRollout.class,
            RolloutsCommand.WatchRollout.class,
            RolloutsCommand.Approve.class,
            RolloutsCommand.Abort.class,
            RolloutsCommand.Rollback.class
        })
final class RolloutsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * {@code Rollout 7 started: wine:1 -> wine:2 (gradual)} for a rollout another call started; the
     * registration or update already succeeded, so a failed look-up still says what it can.
     */
    static String started(SlipwayApi api, RolloutReference rollout, String endpoint) {
        try {
            return RolloutPrinter.started(api.getRollout(rollout.id()));
        } catch (ApiException unavailable) {
            return "Rollout "
                    + rollout.id()
                    + " started on endpoint/"
                    + endpoint
                    + (rollout.strategy() == null ? "" : " (" + rollout.strategy() + ")");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List rollouts, newest first: the active ones unless --all.")
    static final class ListRollouts implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Option(names = "--endpoint", paramLabel = "ENDPOINT", description = "Only this one's.")
        private String endpoint;

        @Option(names = "--all", description = "Include rollouts that have ended.")
        private boolean all;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "50",
                description = "Ask the server for at most N rollouts (default: ${DEFAULT-VALUE}).")
        private int limit = 50;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be >= 1");
            }
            List<Rollout> rollouts =
                    server.api().listRollouts(endpoint, limit).stream()
                            .filter(rollout -> all || rollout.active())
                            .toList();
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (!output.isTable()) {
                printer.structured(output.format(), rollouts);
            } else if (rollouts.isEmpty()) {
                printer.line(all ? "No rollouts." : "No active rollouts (--all lists ended ones).");
            } else {
                Instant now = Instant.now();
                printer.table(
                        List.of(
                                "ID",
                                "ENDPOINT",
                                "FROM",
                                "TO",
                                "STRATEGY",
                                "PHASE",
                                "STEP/TRAFFIC",
                                "AGE"),
                        rollouts.stream()
                                .map(rollout -> RolloutPrinter.row(rollout, now))
                                .toList());
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a rollout: summary, spec, guardrails, analysis and events.")
    static final class ShowRollout implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's number.")
        private long id;

        @Override
        public Integer call() {
            Rollout rollout = server.api().getRollout(id);
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (output.isTable()) {
                RolloutPrinter.printDetails(printer, rollout);
            } else {
                printer.structured(output.format(), rollout);
            }
            return 0;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Follow a rollout until it ends: phase, traffic, guardrails, analysis, events.",
                "Exit code 0 when it completes, 1 when it is rolled back, aborted, rejected or fails."
            })
    static final class WatchRollout implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private WatchIntervalOption watchInterval;

        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's number.")
        private long id;

        @Override
        public Integer call() {
            Rollout ended =
                    RolloutWatcher.standard(
                                    server.api(),
                                    spec.commandLine().getOut(),
                                    RolloutWatcher.Display.forTerminal(System.console() != null),
                                    watchInterval.interval())
                            .watch(id, null);
            return RolloutWatcher.finish(ended, new TablePrinter(spec.commandLine().getOut()));
        }
    }

    /** Approve, abort and rollback differ only in the action they record. */
    abstract static class ActionCommand implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;

        @Parameters(index = "0", paramLabel = "ID", description = "The rollout's number.")
        private long id;

        abstract RolloutAction action();

        @Override
        public Integer call() {
            Rollout rollout = server.api().requestRolloutAction(id, action());
            new TablePrinter(spec.commandLine().getOut())
                    .line(
                            "Rollout "
                                    + rollout.id()
                                    + ": "
                                    + action().path()
                                    + " requested (now "
                                    + rollout.phase()
                                    + ")");
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Let a rollout that waits for approval continue.")
    static final class Approve extends ActionCommand {
        @Override
        RolloutAction action() {
            return RolloutAction.APPROVE;
        }
    }

    @Command(
            name = "abort",
            mixinStandardHelpOptions = true,
            description = "Stop a rollout and return the endpoint to exactly its previous state.")
    static final class Abort extends ActionCommand {
        @Override
        RolloutAction action() {
            return RolloutAction.ABORT;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Send all traffic back to the previous version.")
    static final class Rollback extends ActionCommand {
        @Override
        RolloutAction action() {
            return RolloutAction.ROLLBACK;
        }
    }
}
