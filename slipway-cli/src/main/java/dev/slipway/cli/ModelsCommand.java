package dev.slipway.cli;

import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.ModelReference;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway models}: the registry of models, versions and aliases. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Register, list and inspect model versions; move aliases.",
        subcommands = {
            ModelRegisterCommand.class,
            ModelsCommand.ListModels.class,
            ModelShowCommand.class,
            ModelsCommand.SetAlias.class,
            ModelValidateCommand.class
        })
final class ModelsCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List models.")
    static final class ListModels implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;
        @Mixin private OutputOptions output;

        @Override
        public Integer call() {
            List<Model> models = server.api().listModels();
            TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
            if (!output.isTable()) {
                printer.structured(output.format(), models);
            } else if (models.isEmpty()) {
                printer.line("No models.");
            } else {
                printer.table(
                        List.of("NAME", "LATEST", "ALIASES", "DESCRIPTION", "UPDATED"),
                        models.stream()
                                .map(
                                        model ->
                                                List.of(
                                                        model.name(),
                                                        TablePrinter.text(model.latestVersion()),
                                                        TablePrinter.keyValues(model.aliases()),
                                                        TablePrinter.text(model.description()),
                                                        TablePrinter.text(model.updatedAt())))
                                .toList());
            }
            return 0;
        }
    }

    @Command(
            name = "alias",
            mixinStandardHelpOptions = true,
            description = "Point an alias (champion, challenger...) at a version.")
    static final class SetAlias implements Callable<Integer> {

        @Spec private CommandSpec spec;
        @Mixin private ServerOptions server;

        @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
        private String model;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.")
        private int version;

        @Parameters(index = "2", paramLabel = "ALIAS", description = "The alias to set or move.")
        private String alias;

        @Override
        public Integer call() {
            try {
                ModelReference.requireName(alias);
                if (version < 1) {
                    throw new IllegalArgumentException("VERSION must be >= 1");
                }
            } catch (IllegalArgumentException invalid) {
                throw new ParameterException(spec.commandLine(), invalid.getMessage());
            }
            SlipwayApi.AliasAssignment assigned = server.api().setAlias(model, alias, version);
            new TablePrinter(spec.commandLine().getOut())
                    .line("alias " + model + "@" + alias + " -> " + assigned.version());
            return 0;
        }
    }
}
