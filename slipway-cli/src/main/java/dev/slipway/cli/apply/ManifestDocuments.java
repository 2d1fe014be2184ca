package dev.slipway.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.input.ArtifactDigest;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.GoldenFile;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;
import dev.slipway.cli.input.SignatureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one parsed YAML document into a {@link ModelManifest} or {@link EndpointManifest},
 * recording every problem through the {@link DocumentReader} (which names file, document and field)
 * and answering null for a document that has any.
 */
final class ManifestDocuments {

    private static final Set<String> DOCUMENT_FIELDS =
            Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "labels", "annotations");
    private static final Set<String> MODEL_FIELDS =
            Set.of("description", "owner", "tags", "version");
    private static final Set<String> VERSION_FIELDS =
            Set.of(
                    "file",
                    "format",
                    "signature",
                    "golden",
                    "description",
                    "tags",
                    "lineage",
                    "metrics",
                    "runtimeParameters",
                    "aliases",
                    "validate",
                    "rollout");
    private static final Set<String> ENDPOINT_FIELDS =
            union(
                    Set.of("model", "copies", "resources", "timeout", "rollout"),
                    ServingPolicyDocument.SPEC_FIELDS);
    private static final Set<String> RESOURCE_FIELDS = Set.of("cores", "memory");
    private static final Set<String> BATCH_JOB_FIELDS =
            Set.of(
                    "target",
                    "input",
                    "output",
                    "format",
                    "header",
                    "idColumn",
                    "parallelism",
                    "miniBatch",
                    "shardRows",
                    "maxErrorRatio");
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ManifestDocuments() {}

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }

    static void read(
            JsonNode node,
            DocumentReader reader,
            List<ModelManifest> models,
            List<EndpointManifest> endpoints,
            List<BatchJobManifest> batchJobs) {
        if (!node.isObject()) {
            reader.problem(
                    "document", "must be a mapping with apiVersion, kind, metadata and spec");
            return;
        }
        reader.rejectUnknown(node, "", DOCUMENT_FIELDS);
        String apiVersion = reader.string(node, "", "apiVersion", true);
        if (apiVersion != null && !apiVersion.equals(Manifests.API_VERSION)) {
            reader.problem(
                    "apiVersion",
                    "'" + apiVersion + "' is not supported: use " + Manifests.API_VERSION);
        }
        String kind = reader.string(node, "", "kind", true);
        JsonNode metadata = reader.mapping(node, "", "metadata", true);
        String name = null;
        if (metadata != null) {
            reader.rejectUnknown(metadata, "metadata", METADATA_FIELDS);
            name =
                    checkedName(
                            reader,
                            reader.string(metadata, "metadata", "name", true),
                            "metadata.name");
        }
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "Model" -> {
                ModelManifest model = readModel(node, reader, name);
                if (model != null) {
                    models.add(model);
                }
            }
            case "Endpoint" -> {
                EndpointManifest endpoint = readEndpoint(node, reader, name);
                if (endpoint != null) {
                    endpoints.add(endpoint);
                }
            }
            case "BatchJob" -> {
                BatchJobManifest job = readBatchJob(node, reader, name);
                if (job != null) {
                    batchJobs.add(job);
                }
            }
            default ->
                    reader.problem(
                            "kind",
                            "'" + kind + "' is unknown: expected Model, Endpoint or BatchJob");
        }
    }

    private static ModelManifest readModel(JsonNode node, DocumentReader reader, String name) {
        JsonNode spec = reader.mapping(node, "", "spec", false);
        if (spec != null) {
            reader.rejectUnknown(spec, "spec", MODEL_FIELDS);
        }
        String description = reader.string(spec, "spec", "description", false);
        String owner = reader.string(spec, "spec", "owner", false);
        Map<String, String> tags = reader.textMap(spec, "spec", "tags");
        JsonNode versionNode = reader.mapping(spec, "spec", "version", false);
        ModelManifest.Version version =
                versionNode == null ? null : readVersion(versionNode, reader, name);
        boolean complete = name != null && (versionNode == null || version != null);
        return complete
                ? new ModelManifest(reader.source(), name, description, owner, tags, version)
                : null;
    }

    private static ModelManifest.Version readVersion(
            JsonNode node, DocumentReader reader, String modelName) {
        String path = "spec.version";
        reader.rejectUnknown(node, path, VERSION_FIELDS);
        Path file = resolve(reader, node, "file", true);
        String sha256 = null;
        if (file != null) {
            try {
                sha256 = ArtifactDigest.sha256(file);
            } catch (InputFileException unreadable) {
                reader.problem(path + ".file", "cannot be read: " + unreadable.getMessage());
            }
        }
        String format = reader.string(node, path, "format", true);
        if (format != null && !FORMAT.matcher(format).matches()) {
            reader.problem(
                    path + ".format",
                    "'" + format + "' is not a format name such as onnx or xgboost");
            format = null;
        }
        ObjectNode signature = readFile(reader, node, "signature", SignatureFile::read);
        List<ObjectNode> golden = readFile(reader, node, "golden", GoldenFile::read);
        List<String> aliases = reader.textList(node, path, "aliases");
        if (aliases != null) {
            for (String alias : aliases) {
                checkedName(reader, alias, path + ".aliases");
            }
            if (Set.copyOf(aliases).size() != aliases.size()) {
                reader.problem(path + ".aliases", "lists an alias twice");
            }
        }
        String description = reader.string(node, path, "description", false);
        Map<String, String> tags = reader.textMap(node, path, "tags");
        Map<String, String> lineage = reader.textMap(node, path, "lineage");
        Map<String, Double> metrics = reader.numberMap(node, path, "metrics");
        Map<String, String> runtimeParameters = reader.textMap(node, path, "runtimeParameters");
        Boolean validate = reader.bool(node, path, "validate");
        JsonNode rolloutNode = reader.mapping(node, path, "rollout", false);
        ModelManifest.VersionRollout rollout =
                rolloutNode == null ? null : readVersionRollout(rolloutNode, reader, modelName);
        if (sha256 == null || format == null || (rolloutNode != null && rollout == null)) {
            return null;
        }
        return new ModelManifest.Version(
                file,
                sha256,
                format,
                signature,
                golden,
                description,
                tags,
                lineage,
                metrics,
                runtimeParameters,
                aliases,
                validate == null || validate,
                rollout);
    }

    /** {@code spec.version.rollout}: {@code endpoint} (default: the model's name) and a spec. */
    private static ModelManifest.VersionRollout readVersionRollout(
            JsonNode node, DocumentReader reader, String modelName) {
        String path = "spec.version.rollout";
        String endpoint =
                checkedName(
                        reader, reader.string(node, path, "endpoint", false), path + ".endpoint");
        RolloutSpec spec = RolloutSpecDocument.read(reader, node, path, Set.of("endpoint"));
        String target = endpoint != null ? endpoint : modelName;
        return spec == null || target == null
                ? null
                : new ModelManifest.VersionRollout(target, spec);
    }

    /** Reads an optional file field, recording the reader's error under the field's name. */
    private static <T> T readFile(
            DocumentReader reader, JsonNode node, String field, Function<Path, T> read) {
        Path file = resolve(reader, node, field, false);
        if (file == null) {
            return null;
        }
        try {
            return read.apply(file);
        } catch (InputFileException malformed) {
            reader.problem("spec.version." + field, "is invalid: " + malformed.getMessage());
            return null;
        }
    }

    /**
     * Resolves a file field of {@code spec.version} against the manifest's own directory and checks
     * the file exists; null (after recording why) when it is absent or missing.
     */
    private static Path resolve(
            DocumentReader reader, JsonNode version, String field, boolean required) {
        String written = reader.string(version, "spec.version", field, required);
        if (written == null) {
            return null;
        }
        Path file = reader.source().file().resolveSibling(written);
        if (!Files.isRegularFile(file)) {
            reader.problem("spec.version." + field, "'" + written + "' not found (" + file + ")");
            return null;
        }
        return file;
    }

    private static EndpointManifest readEndpoint(
            JsonNode node, DocumentReader reader, String name) {
        JsonNode spec = reader.mapping(node, "", "spec", true);
        if (spec == null) {
            return null;
        }
        reader.rejectUnknown(spec, "spec", ENDPOINT_FIELDS);
        ModelReference model =
                parse(
                        reader,
                        "spec.model",
                        reader.string(spec, "spec", "model", true),
                        ModelReference::parse);
        Integer copies = reader.integer(spec, "spec", "copies");
        if (copies != null && copies < 0) {
            reader.problem("spec.copies", "must be >= 0");
        }
        JsonNode resources = reader.mapping(spec, "spec", "resources", false);
        Double cores = null;
        Quantity memory = null;
        if (resources != null) {
            reader.rejectUnknown(resources, "spec.resources", RESOURCE_FIELDS);
            cores = reader.number(resources, "spec.resources", "cores");
            if (cores != null && !(cores > 0)) {
                reader.problem("spec.resources.cores", "must be > 0");
            }
            memory =
                    parse(
                            reader,
                            "spec.resources.memory",
                            reader.string(resources, "spec.resources", "memory", false),
                            Quantity::parse);
            if (memory != null && memory.bytes() == 0) {
                reader.problem("spec.resources.memory", "must be more than 0");
            }
        }
        DurationValue timeout =
                parse(
                        reader,
                        "spec.timeout",
                        reader.string(spec, "spec", "timeout", false),
                        DurationValue::parse);
        if (timeout != null && timeout.duration().isZero()) {
            reader.problem("spec.timeout", "must be more than 0");
        }
        ServingPolicy policy = ServingPolicyDocument.read(reader, spec);
        JsonNode rolloutNode = reader.mapping(spec, "spec", "rollout", false);
        RolloutSpec rollout =
                rolloutNode == null
                        ? null
                        : RolloutSpecDocument.read(reader, rolloutNode, "spec.rollout", Set.of());
        if (name == null || model == null || (rolloutNode != null && rollout == null)) {
            return null;
        }
        return new EndpointManifest(
                reader.source(), name, model, copies, cores, memory, timeout, rollout, policy);
    }

    private static BatchJobManifest readBatchJob(
            JsonNode node, DocumentReader reader, String name) {
        JsonNode spec = reader.mapping(node, "", "spec", true);
        if (spec == null) {
            return null;
        }
        reader.rejectUnknown(spec, "spec", BATCH_JOB_FIELDS);
        String target = reader.string(spec, "spec", "target", true);
        if (target != null) {
            try {
                ModelReference.requireTarget(target);
            } catch (IllegalArgumentException invalid) {
                reader.invalid("spec.target", invalid.getMessage());
                target = null;
            }
        }
        String input = reader.string(spec, "spec", "input", true);
        String output = reader.string(spec, "spec", "output", true);
        String format = reader.string(spec, "spec", "format", false);
        if (format != null && !format.matches("csv|jsonl")) {
            reader.problem("spec.format", "'" + format + "' must be csv or jsonl");
            format = null;
        }
        Boolean header = reader.bool(spec, "spec", "header");
        String idColumn = reader.string(spec, "spec", "idColumn", false);
        Integer parallelism = atLeastOne(reader, spec, "parallelism");
        Integer miniBatch = atLeastOne(reader, spec, "miniBatch");
        Integer shardRows = atLeastOne(reader, spec, "shardRows");
        Double maxErrorRatio = reader.number(spec, "spec", "maxErrorRatio");
        if (maxErrorRatio != null && !(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            reader.problem("spec.maxErrorRatio", "must be between 0 and 1");
        }
        if (name == null || target == null || input == null || output == null) {
            return null;
        }
        return new BatchJobManifest(
                reader.source(),
                name,
                new dev.slipway.cli.api.BatchJobRequest(
                        name,
                        target,
                        input,
                        output,
                        format,
                        header,
                        idColumn,
                        parallelism,
                        miniBatch,
                        shardRows,
                        maxErrorRatio));
    }

    private static Integer atLeastOne(DocumentReader reader, JsonNode spec, String field) {
        Integer value = reader.integer(spec, "spec", field);
        if (value != null && value < 1) {
            reader.problem("spec." + field, "must be >= 1");
        }
        return value;
    }

    private static <T> T parse(
            DocumentReader reader, String field, String text, Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException invalid) {
            reader.invalid(field, invalid.getMessage());
            return null;
        }
    }

    private static String checkedName(DocumentReader reader, String name, String field) {
        if (name == null) {
            return null;
        }
        try {
            return ModelReference.requireName(name);
        } catch (IllegalArgumentException invalid) {
            reader.invalid(field, invalid.getMessage());
            return null;
        }
    }
}
