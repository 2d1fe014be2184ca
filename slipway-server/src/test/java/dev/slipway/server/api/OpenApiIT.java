package dev.slipway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.node.EndpointStatus;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.core.rollout.Phase;
import dev.slipway.server.RouteSpec;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import dev.slipway.spi.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document the server publishes at {@code /api/v1/openapi.yaml} describes exactly the
 * routes its router mounts, and is internally consistent.
 */
class OpenApiIT {
    private static final String DOCUMENT_PATH = "/api/v1/openapi.yaml";
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern VERTX_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");

    @TempDir static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One operation of the document: "GET /v2/models/{endpoint}" and its object. */
    private record Operation(String method, String path, JsonNode node) {
        String key() {
            return method + " " + path;
        }
    }

    @Test
    void isServedAsYamlWithoutAToken() {
        TestServer.Response response = fetchWithoutToken();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/yaml");
        assertThat(parse(response.body()).path("openapi").asText()).isEqualTo("3.0.3");
    }

    @Test
    void documentsExactlyTheRoutesTheRouterMounts() {
        Set<String> mounted = new TreeSet<>();
        for (RouteSpec route : server.server().routes()) {
            mounted.add(route.method().name() + " " + openApiPath(route.path()));
        }

        Set<String> documented =
                operations(document()).stream()
                        .map(Operation::key)
                        .collect(Collectors.toCollection(TreeSet::new));

        assertThat(mounted).contains("GET " + DOCUMENT_PATH, "GET /metrics");
        assertThat(documented).isEqualTo(mounted);
    }

    @Test
    void everyOperationAnswersSomething() {
        for (Operation operation : operations(document())) {
            assertThat(operation.node().path("responses").size())
                    .as(operation.key() + " responses")
                    .isPositive();
        }
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        JsonNode document = document();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        assertThat(references)
                .filteredOn(reference -> !resolves(document, reference))
                .as("references that do not resolve")
                .isEmpty();
    }

    @Test
    void everyPathParameterIsDeclared() {
        JsonNode document = document();
        for (Operation operation : operations(document)) {
            Set<String> inTemplate = new TreeSet<>();
            Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(operation.path());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            Set<String> declared = new TreeSet<>();
            List<JsonNode> parameters = new ArrayList<>();
            document.path("paths")
                    .path(operation.path())
                    .path("parameters")
                    .forEach(parameters::add);
            operation.node().path("parameters").forEach(parameters::add);
            for (JsonNode parameter : parameters) {
                JsonNode resolved = resolve(document, parameter);
                if (resolved.path("in").asText().equals("path")) {
                    assertThat(resolved.path("required").asBoolean()).isTrue();
                    declared.add(resolved.path("name").asText());
                }
            }

            assertThat(declared).as(operation.key() + " path parameters").isEqualTo(inTemplate);
        }
    }

    @Test
    void onlyTheControlApiNeedsTheBearerTokenAndTheDocumentDoesNot() {
        JsonNode document = document();
        JsonNode scheme = document.at("/components/securitySchemes/bearerAuth");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");

        for (Operation operation : operations(document)) {
            JsonNode security =
                    operation.node().has("security")
                            ? operation.node().get("security")
                            : document.path("security");
            boolean needsToken =
                    operation.path().startsWith("/api/v1/")
                            && !operation.path().equals(DOCUMENT_PATH);
            List<String> schemes = new ArrayList<>();
            security.forEach(
                    requirement -> requirement.fieldNames().forEachRemaining(schemes::add));

            assertThat(schemes)
                    .as(operation.key() + " security")
                    .isEqualTo(needsToken ? List.of("bearerAuth") : List.of());
        }
    }

    @Test
    void enumerationsListWhatTheCodeWrites() {
        JsonNode schemas = document().at("/components/schemas");

        assertThat(enumeration(schemas.at("/ErrorCode")))
                .isEqualTo(names(ErrorCode.values(), ErrorCode::name));
        assertThat(enumeration(schemas.at("/Datatype")))
                .isEqualTo(names(DataType.values(), DataType::name));
        assertThat(enumeration(schemas.at("/VersionStatus")))
                .isEqualTo(names(VersionStatus.values(), VersionStatus::wireName));
        assertThat(enumeration(schemas.at("/EndpointStatus/properties/state")))
                .isEqualTo(names(EndpointStatus.State.values(), EndpointStatus.State::wireName));
        assertThat(enumeration(schemas.at("/RolloutPhase")))
                .isEqualTo(names(Phase.values(), Phase::wireName));
    }

    private static TestServer.Response fetchWithoutToken() {
        return server.send(
                HttpRequest.newBuilder(URI.create(server.url() + DOCUMENT_PATH)).build());
    }

    private static JsonNode document() {
        TestServer.Response response = fetchWithoutToken();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private static JsonNode parse(String yaml) {
        try {
            return Json.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /v2/models/:endpoint} as OpenAPI writes it: {@code /v2/models/{endpoint}}. */
    private static String openApiPath(String vertxPath) {
        return VERTX_PARAMETER.matcher(vertxPath).replaceAll("{$1}");
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> field : path.getValue().properties()) {
                if (HTTP_METHODS.contains(field.getKey())) {
                    operations.add(
                            new Operation(
                                    field.getKey().toUpperCase(Locale.ROOT),
                                    path.getKey(),
                                    field.getValue()));
                }
            }
        }
        return operations;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    private static boolean resolves(JsonNode document, String reference) {
        return reference.startsWith("#/") && !document.at(reference.substring(1)).isMissingNode();
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static Set<String> enumeration(JsonNode schema) {
        Set<String> values = new TreeSet<>();
        schema.path("enum").forEach(value -> values.add(value.asText()));
        return values;
    }

    private static <T> Set<String> names(T[] values, Function<T, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.toCollection(TreeSet::new));
    }
}
