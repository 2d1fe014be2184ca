package dev.slipway.cli;

import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.api.ValidationReport;
import dev.slipway.cli.input.ModelReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway models validate NAME:VERSION}: runs the golden examples on the server. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Run a version's golden examples and compare the outputs.",
            "Prints PASSED, or each mismatch and exits with code 1."
        })
final class ModelValidateCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private OutputOptions output;

    @Parameters(
            index = "0",
            paramLabel = "NAME:VERSION",
            converter = Converters.ModelReferenceConverter.class,
            description = "The version (NAME@ALIAS works too).")
    private ModelReference reference;

    @Override
    public Integer call() {
        SlipwayApi api = server.api();
        int version =
                switch (reference) {
                    case ModelReference.Pinned pinned -> pinned.version();
                    case ModelReference.Aliased aliased ->
                            api.getAlias(aliased.model(), aliased.alias()).version();
                };
        ValidationReport report = api.validate(reference.model(), version);
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (!output.isTable()) {
            printer.structured(output.format(), report);
        } else if (report.passed()) {
            printer.line("PASSED (" + examples(report.examples()) + ")");
        } else {
            int count = report.mismatches().size();
            printer.line(
                    "FAILED ("
                            + examples(report.examples())
                            + ", "
                            + count
                            + (count == 1 ? " mismatch)" : " mismatches)"));
            printer.mismatches(report);
        }
        return report.passed() ? 0 : 1;
    }

    private static String examples(int count) {
        return count + (count == 1 ? " golden example" : " golden examples");
    }
}
