package dev.slipway.cli.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.slipway.cli.input.JacksonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads {@code slipway apply} manifests (docs/formats.md) and checks all of them before anything is
 * sent: a problem names the file, the document and the field, and every problem is reported at
 * once. Files a manifest names are resolved against the manifest's own directory and read here
 * (artifact digest, signature, golden examples), so a missing or malformed file is found before any
 * change too.
 */
public final class Manifests {

    public static final String API_VERSION = "slipway.dev/v1";

    private Manifests() {}

    /**
     * Loads every manifest under {@code paths}: a file, or a directory meaning every {@code
     * *.yaml}/{@code *.yml} file under it, recursively, in sorted order.
     *
     * @throws ManifestException listing every problem found
     */
    public static ManifestSet load(List<Path> paths) {
        List<String> problems = new ArrayList<>();
        List<ManifestFile> files = expand(paths, problems);
        List<ModelManifest> models = new ArrayList<>();
        List<EndpointManifest> endpoints = new ArrayList<>();
        List<BatchJobManifest> batchJobs = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (ManifestFile file : files) {
            if (!readFile(file, models, endpoints, batchJobs, problems)) {
                skipped.add(file.path());
            }
        }
        rejectDuplicates(models, ModelManifest::name, ModelManifest::source, "Model", problems);
        rejectDuplicates(
                endpoints, EndpointManifest::name, EndpointManifest::source, "Endpoint", problems);
        rejectDuplicates(
                batchJobs, BatchJobManifest::name, BatchJobManifest::source, "BatchJob", problems);
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new ManifestSet(models, endpoints, batchJobs, skipped);
    }

    /**
     * A file to read. One found in a directory may be another YAML file kept beside the manifests
     * (a {@code signature.yaml}); it is skipped rather than rejected.
     */
    record ManifestFile(Path path, boolean foundInDirectory) {}

    static List<ManifestFile> expand(List<Path> paths, List<String> problems) {
        // Keyed by real location: a file named twice is read once.
        Map<Path, ManifestFile> files = new LinkedHashMap<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(path)) {
                    found =
                            walk.filter(Files::isRegularFile)
                                    .filter(Manifests::isYaml)
                                    .sorted(Comparator.comparing(Path::toString))
                                    .toList();
                } catch (IOException unreadable) {
                    problems.add(
                            path + ": cannot read directory (" + unreadable.getMessage() + ")");
                    continue;
                }
                if (found.isEmpty()) {
                    problems.add(path + ": directory holds no *.yaml or *.yml files");
                }
                for (Path file : found) {
                    files.putIfAbsent(
                            file.toAbsolutePath().normalize(), new ManifestFile(file, true));
                }
            } else if (Files.isRegularFile(path)) {
                files.put(path.toAbsolutePath().normalize(), new ManifestFile(path, false));
            } else {
                problems.add(path + ": file not found");
            }
        }
        return List.copyOf(files.values());
    }

    /** Jackson reads an empty YAML document as null or as an empty string. */
    private static boolean isEmptyDocument(JsonNode node) {
        return node == null
                || node.isNull()
                || node.isMissingNode()
                || (node.isTextual() && node.asText().isBlank());
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Reads one file's documents; answers false when it was skipped as holding no manifest. */
    private static boolean readFile(
            ManifestFile manifestFile,
            List<ModelManifest> models,
            List<EndpointManifest> endpoints,
            List<BatchJobManifest> batchJobs,
            List<String> problems) {
        Path file = manifestFile.path();
        int document = 0;
        boolean holdsManifests = false;
        try (MappingIterator<JsonNode> documents =
                JacksonMappers.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNextValue()) {
                JsonNode node = documents.nextValue();
                document++;
                if (isEmptyDocument(node)) {
                    continue; // e.g. after a trailing "---"
                }
                if (manifestFile.foundInDirectory()
                        && node.isObject()
                        && !node.has("apiVersion")
                        && !node.has("kind")) {
                    continue;
                }
                holdsManifests = true;
                var reader = new DocumentReader(new ManifestSource(file, document), problems);
                ManifestDocuments.read(node, reader, models, endpoints, batchJobs);
            }
        } catch (JsonProcessingException invalid) {
            var location = invalid.getLocation();
            problems.add(
                    file
                            + (location == null ? "" : " line " + location.getLineNr())
                            + ": invalid YAML ("
                            + invalid.getOriginalMessage().lines().findFirst().orElse("")
                            + ")");
            return true;
        } catch (IOException unreadable) {
            problems.add(file + ": cannot read (" + unreadable.getMessage() + ")");
            return true;
        }
        return holdsManifests || !manifestFile.foundInDirectory();
    }

    private static <T> void rejectDuplicates(
            List<T> manifests,
            Function<T, String> name,
            Function<T, ManifestSource> source,
            String kind,
            List<String> problems) {
        Map<String, ManifestSource> first = new HashMap<>();
        for (T manifest : manifests) {
            ManifestSource earlier =
                    first.putIfAbsent(name.apply(manifest), source.apply(manifest));
            if (earlier != null) {
                problems.add(
                        source.apply(manifest)
                                + ": metadata.name '"
                                + name.apply(manifest)
                                + "' is already used by the "
                                + kind
                                + " in "
                                + earlier);
            }
        }
    }
}
