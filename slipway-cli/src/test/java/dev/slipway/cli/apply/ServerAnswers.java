package dev.slipway.cli.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.input.JacksonMappers;
import dev.slipway.cli.input.ModelReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Server state for planner tests, written as the JSON docs/api.md shows and read with the CLI's own
 * mapper, so the tests also pin the wire shapes the planner relies on.
 */
final class ServerAnswers {

    private ServerAnswers() {}

    /** One version as the model GET lists it. */
    record StoredVersion(
            int version, String sha256, String format, Map<String, String> runtimeParameters) {
        StoredVersion(int version, String sha256, String format) {
            this(version, sha256, format, Map.of());
        }
    }

    static Model model(
            String name,
            String description,
            Map<String, String> tags,
            Map<String, Integer> aliases,
            List<StoredVersion> versions) {
        String versionsJson =
                versions.stream()
                        .map(
                                version ->
                                        """
                                        {"model": "%s", "version": %d, "format": "%s",
                                         "artifact": {"sha256": "%s", "size": 1234}, "goldenExamples": 3,
                                         "runtimeParameters": %s, "status": "validated", "aliases": [],
                                         "createdAt": "2025-01-01T00:00:00Z"}"""
                                                .formatted(
                                                        name,
                                                        version.version(),
                                                        version.format(),
                                                        version.sha256(),
                                                        json(version.runtimeParameters())))
                        .collect(Collectors.joining(","));
        return read(
                """
                {"name": "%s", "description": %s, "owner": "data-team", "tags": %s, "aliases": %s,
                 "latestVersion": %d, "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z",
                 "versions": [%s]}"""
                        .formatted(
                                name,
                                json(description),
                                json(tags),
                                json(aliases),
                                versions.size(),
                                versionsJson),
                Model.class);
    }

    /**
     * The queue, batching and async fields of a server that applied the example manifests: its
     * defaults, with batching as the examples ask for it.
     */
    static final String EXAMPLES_POLICY =
            """
            "maxQueue": null, "maxRows": null, "batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
            "async": {"maxConcurrentPerCopy": 1, "maxAttempts": 3, "ttl": "6h", "invocationTimeout": "15m",
                      "notifications": null}""";

    static Endpoint endpoint(
            String name,
            String ref,
            int version,
            int copies,
            String cores,
            String memory,
            String timeout) {
        return endpoint(name, ref, version, copies, cores, memory, timeout, EXAMPLES_POLICY);
    }

    /**
     * @param policy the queue, batching and async fields, written into the endpoint's JSON as is
     */
    static Endpoint endpoint(
            String name,
            String ref,
            int version,
            int copies,
            String cores,
            String memory,
            String timeout,
            String policy) {
        String modelName = ref.split("[:@]")[0];
        return read(
                """
                {"name": "%s", "model": {"ref": "%s", "name": "%s", "version": %d}, "copies": %d,
                 "resources": {"cores": %s, "memory": "%s"}, "timeout": "%s", %s, "generation": 1,
                 "status": {"state": "ready", "readyCopies": %d, "servingVersion": %d, "message": null},
                 "urls": {"infer": "http://localhost/v2/models/%s/infer"},
                 "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}"""
                        .formatted(
                                name, ref, modelName, version, copies, cores, memory, timeout,
                                policy, copies, version, name),
                Endpoint.class);
    }

    private static String json(Object value) {
        try {
            return JacksonMappers.JSON.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JacksonMappers.JSON.readValue(json, type);
        } catch (JsonProcessingException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    /** The state a server would be in right after applying {@code manifests} to it. */
    static ServerState matchingState(ManifestSet manifests) {
        Map<String, Model> models = new HashMap<>();
        for (ModelManifest manifest : manifests.models()) {
            ModelManifest.Version version = manifest.version();
            Map<String, Integer> aliases = new HashMap<>();
            version.aliases().forEach(alias -> aliases.put(alias, 1));
            models.put(
                    manifest.name(),
                    model(
                            manifest.name(),
                            manifest.description(),
                            manifest.tags(),
                            aliases,
                            List.of(new StoredVersion(1, version.sha256(), version.format()))));
        }
        Map<String, Endpoint> endpoints = new HashMap<>();
        for (EndpointManifest manifest : manifests.endpoints()) {
            endpoints.put(
                    manifest.name(),
                    endpoint(
                            manifest.name(),
                            manifest.model().text(),
                            1,
                            manifest.copies(),
                            "1",
                            manifest.memory().toString(),
                            manifest.timeout().toString()));
        }
        return new ServerState(models, endpoints);
    }

    static ServerState withEndpoint(ServerState state, Endpoint endpoint) {
        Map<String, Endpoint> endpoints = new HashMap<>(state.endpoints());
        endpoints.put(endpoint.name(), endpoint);
        return new ServerState(state.models(), endpoints);
    }

    static ServerState state(Model model, Endpoint endpoint) {
        return new ServerState(
                Map.of(model.name(), model),
                endpoint == null ? Map.of() : Map.of(endpoint.name(), endpoint));
    }

    static EndpointManifest endpointManifest(String model) {
        ModelReference reference = ModelReference.parse(model);
        return new EndpointManifest(
                new ManifestSource(Path.of("endpoints.yaml"), 3),
                reference.model(),
                reference,
                null,
                null,
                null,
                null);
    }
}
