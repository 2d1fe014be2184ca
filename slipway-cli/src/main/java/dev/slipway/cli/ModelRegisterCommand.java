package dev.slipway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.RolloutRequest;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.api.VersionRequest;
import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.GoldenFile;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.SignatureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway models register}: uploads the artifact's bytes, then registers a version that
 * points at them. Local files are read and checked before anything is sent.
 */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = {
            "Register a new model version: upload the artifact, then create the version.",
            "With golden examples the server runs them first; a mismatch refuses the version",
            "(exit code 1) and each mismatch is printed.",
            "--rollout then rolls the new version out to an endpoint (the model's name",
            "unless --endpoint names another)."
        })
final class ModelRegisterCommand implements Callable<Integer> {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;
    @Mixin private OutputOptions output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model; created if missing.")
    private String name;

    @Option(names = "--file", required = true, paramLabel = "PATH", description = "The artifact.")
    private Path file;

    @Option(
            names = "--format",
            required = true,
            paramLabel = "FORMAT",
            description = "The artifact's format: onnx or xgboost.")
    private String format;

    @Option(
            names = "--signature",
            paramLabel = "FILE",
            description = "signature.yaml (optional for ONNX).")
    private Path signature;

    @Option(
            names = "--golden",
            paramLabel = "FILE",
            description = "golden.jsonl: examples checked at registration.")
    private Path golden;

    @Option(names = "--description", paramLabel = "TEXT", description = "What this version is.")
    private String description;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    private Map<String, String> tags;

    @Option(
            names = "--lineage",
            paramLabel = "KEY=VALUE",
            description = "Lineage (dataset, run id, commit...); repeatable.")
    private Map<String, String> lineage;

    @Option(
            names = "--runtime-parameter",
            paramLabel = "KEY=VALUE",
            description =
                    "A load parameter for the format's runtime, used by every copy of the version"
                            + " (xgboost: predictor=trees|xgboost4j); repeatable.")
    private Map<String, String> runtimeParameters;

    @Option(
            names = "--metric",
            paramLabel = "KEY=NUMBER",
            description = "A metric such as accuracy=0.97; repeatable.")
    private Map<String, Double> metrics;

    @Option(
            names = "--no-validate",
            description = "Do not run the golden examples at registration.")
    private boolean noValidate;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the new version number.")
    private boolean quiet;

    @Option(
            names = "--rollout",
            paramLabel = "STRATEGY",
            description = "Roll the new version out: expedited, gradual or shadow.")
    private String rolloutStrategy;

    @Option(
            names = "--endpoint",
            paramLabel = "ENDPOINT",
            description = "The endpoint --rollout changes (default: the model's name).")
    private String rolloutEndpoint;

    @Mixin private RolloutSpecOptions rolloutOptions;

    @Override
    public Integer call() {
        checkArguments();
        RolloutRequest rollout = rolloutRequest();
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file + ": file not found");
        }
        ObjectNode signatureJson = signature == null ? null : SignatureFile.read(signature);
        List<ObjectNode> examples = golden == null ? null : GoldenFile.read(golden);

        SlipwayApi api = server.api();
        ModelVersion.Artifact artifact = api.uploadArtifact(file);
        VersionRequest request =
                new VersionRequest(
                        new VersionRequest.ArtifactReference(artifact.sha256()),
                        format,
                        signatureJson,
                        examples,
                        description,
                        tags,
                        lineage,
                        metrics,
                        runtimeParameters,
                        !noValidate,
                        rollout);
        ModelVersion version = api.registerVersion(name, request);

        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (quiet) {
            printer.line(Integer.toString(version.version()));
        } else if (!output.isTable()) {
            printer.structured(output.format(), version);
        } else {
            printer.line(
                    "Registered "
                            + name
                            + ":"
                            + version.version()
                            + " (sha256 "
                            + ArtifactDigest.abbreviate(artifact.sha256())
                            + ", status "
                            + TablePrinter.text(version.status())
                            + ")");
            if (version.rollout() != null) {
                printer.line(RolloutsCommand.started(api, version.rollout(), rollout.target()));
            }
        }
        return 0;
    }

    /** The version request's {@code rollout}, or null without {@code --rollout}. */
    private RolloutRequest rolloutRequest() {
        if (rolloutStrategy == null && rolloutEndpoint != null) {
            throw new ParameterException(spec.commandLine(), "--endpoint needs --rollout");
        }
        RolloutSpec rolloutSpec = rolloutOptions.spec(rolloutStrategy, "--rollout");
        if (rolloutSpec == null) {
            return null;
        }
        String endpoint = rolloutEndpoint != null ? rolloutEndpoint : name;
        try {
            ModelReference.requireName(endpoint);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "--endpoint: " + invalid.getMessage());
        }
        return RolloutRequest.onEndpoint(endpoint, rolloutSpec);
    }

    private void checkArguments() {
        try {
            ModelReference.requireName(name);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "NAME: " + invalid.getMessage());
        }
        if (!FORMAT.matcher(format).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--format '" + format + "' is not a format name such as onnx or xgboost");
        }
    }
}
