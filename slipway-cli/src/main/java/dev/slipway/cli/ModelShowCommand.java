package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.ModelReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway models show NAME[:VERSION|@ALIAS]}: a model with its versions and aliases, or one
 * version with its signature, artifact, lineage, tags, metrics and status.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a model (NAME) or one of its versions (NAME:VERSION or NAME@ALIAS).")
final class ModelShowCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private OutputOptions output;

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "NAME, NAME:VERSION or NAME@ALIAS.")
    private String target;

    @Override
    public Integer call() {
        SlipwayApi api = server.api();
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (target.contains(":") || target.contains("@")) {
            ModelVersion version = fetchVersion(api);
            if (output.isTable()) {
                printVersion(printer, version);
            } else {
                printer.structured(output.format(), version);
            }
        } else {
            Model model = api.getModel(target);
            if (output.isTable()) {
                printModel(printer, model);
            } else {
                printer.structured(output.format(), model);
            }
        }
        return 0;
    }

    private ModelVersion fetchVersion(SlipwayApi api) {
        ModelReference reference;
        try {
            reference = ModelReference.parse(target);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage());
        }
        return switch (reference) {
            case ModelReference.Pinned pinned -> api.getVersion(pinned.model(), pinned.version());
            case ModelReference.Aliased aliased -> api.getAlias(aliased.model(), aliased.alias());
        };
    }

    private static void printModel(TablePrinter printer, Model model) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Name", model.name());
        fields.put("Description", model.description());
        fields.put("Owner", model.owner());
        fields.put("Tags", model.tags());
        fields.put("Aliases", model.aliases());
        fields.put("Latest version", model.latestVersion());
        fields.put("Created", model.createdAt());
        fields.put("Updated", model.updatedAt());
        printer.fields(fields);
        printer.blankLine();
        if (model.versions().isEmpty()) {
            printer.line("No versions.");
            return;
        }
        printer.table(
                List.of(
                        "VERSION",
                        "FORMAT",
                        "STATUS",
                        "SHA256",
                        "ALIASES",
                        "DESCRIPTION",
                        "CREATED"),
                model.versions().stream()
                        .map(
                                version ->
                                        List.of(
                                                Integer.toString(version.version()),
                                                TablePrinter.text(version.format()),
                                                TablePrinter.text(version.status()),
                                                ArtifactDigest.abbreviate(version.sha256()),
                                                TablePrinter.text(version.aliases()),
                                                TablePrinter.text(version.description()),
                                                TablePrinter.text(version.createdAt())))
                        .toList());
    }

    private static void printVersion(TablePrinter printer, ModelVersion version) {
        Map<String, Object> fields = TablePrinter.fieldMap();
        fields.put("Model", version.model());
        fields.put("Version", version.version());
        fields.put("Format", version.format());
        fields.put("Status", version.status());
        fields.put("Aliases", version.aliases());
        fields.put("Artifact", artifact(version.artifact()));
        fields.put("Golden examples", version.goldenExamples());
        fields.put("Description", version.description());
        fields.put("Tags", version.tags());
        fields.put("Lineage", version.lineage());
        fields.put("Metrics", version.metrics());
        fields.put("Runtime parameters", version.runtimeParameters());
        fields.put("Created", version.createdAt());
        printer.fields(fields);
        printer.blankLine();
        printer.line("Signature:");
        List<List<String>> rows = new ArrayList<>();
        addTensors(
                rows,
                "input",
                version.signature() == null ? null : version.signature().get("inputs"));
        addTensors(
                rows,
                "output",
                version.signature() == null ? null : version.signature().get("outputs"));
        if (rows.isEmpty()) {
            printer.line("  (none)");
        } else {
            printer.table(List.of("ROLE", "NAME", "DATATYPE", "SHAPE"), rows);
        }
    }

    private static String artifact(ModelVersion.Artifact artifact) {
        if (artifact == null) {
            return null;
        }
        return "sha256 "
                + artifact.sha256()
                + (artifact.size() == null ? "" : ", " + artifact.size() + " bytes");
    }

    private static void addTensors(List<List<String>> rows, String role, JsonNode tensors) {
        if (tensors == null || !tensors.isArray()) {
            return;
        }
        for (JsonNode tensor : tensors) {
            List<String> shape = new ArrayList<>();
            tensor.path("shape").forEach(dimension -> shape.add(dimension.asText()));
            rows.add(
                    List.of(
                            role,
                            tensor.path("name").asText("-"),
                            tensor.path("datatype").asText("-"),
                            "[" + String.join(", ", shape) + "]"));
        }
    }
}
