package dev.slipway.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.ServingSet;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.server.WorkerPool;
import dev.slipway.server.protocol.BinaryTensorData;
import dev.slipway.server.protocol.InferRequestDecoder;
import dev.slipway.server.protocol.InferResponseEncoder;
import dev.slipway.server.protocol.InferenceRequest;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.SignatureJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * Open Inference Protocol v2 REST: health, metadata and inference. The OIP model name is the
 * endpoint name; the OIP model version is the model version the endpoint serves.
 */
public final class InferenceRoutes {
    static final String SERVER_NAME = "slipway";

    private final InferenceCall call;
    private final EndpointService endpoints;
    private final ModelRegistry registry;
    private final WorkerPool blocking;
    private final BooleanSupplier serverReady;
    private final String serverVersion;

    InferenceRoutes(
            InferenceCall call,
            EndpointService endpoints,
            ModelRegistry registry,
            WorkerPool blocking,
            BooleanSupplier serverReady,
            String serverVersion) {
        this.call = call;
        this.endpoints = endpoints;
        this.registry = registry;
        this.blocking = blocking;
        this.serverReady = serverReady;
        this.serverVersion = serverVersion;
    }

    void mount(Router router) {
        router.get("/v2").handler(this::serverMetadata);
        router.get("/v2/health/live").handler(this::live);
        router.get("/v2/health/ready").handler(this::ready);
        router.get("/v2/models/:endpoint").handler(this::modelMetadata);
        router.get("/v2/models/:endpoint/versions/:version").handler(this::modelMetadata);
        router.get("/v2/models/:endpoint/ready").handler(this::modelReady);
        router.get("/v2/models/:endpoint/versions/:version/ready").handler(this::modelReady);
        // POST .../infer is answered before the router: see InferenceDispatcher.
    }

    /** {@code POST /v2/models/{endpoint}[/versions/{version}]/infer}. */
    void infer(InferenceCall.Exchange exchange, byte[] body) {
        String endpoint = exchange.path().endpoint();
        Integer version = version(exchange.path().version());
        // Binary tensor data extension: the JSON's length in a header means tensor bytes follow it.
        OptionalInt jsonLength =
                BinaryTensorData.jsonLength(
                        exchange.request().getHeader(InferenceCall.BINARY_JSON_LENGTH),
                        exchange.request().getHeader(HttpHeaders.CONTENT_TYPE),
                        body.length);
        InferenceRequest request =
                jsonLength.isPresent()
                        ? InferRequestDecoder.decode(body, jsonLength.getAsInt())
                        : InferRequestDecoder.decode(body);
        call.run(
                exchange,
                version,
                request.predict(),
                InferResponseEncoder.responding(endpoint, request));
    }

    private void serverMetadata(RoutingContext routing) {
        json(
                routing,
                200,
                json -> {
                    json.writeStringField("name", SERVER_NAME);
                    json.writeStringField("version", serverVersion);
                    json.writeArrayFieldStart("extensions");
                    json.writeString(BinaryTensorData.EXTENSION);
                    json.writeEndArray();
                });
    }

    private void live(RoutingContext routing) {
        json(routing, 200, json -> json.writeBooleanField("live", true));
    }

    private void ready(RoutingContext routing) {
        boolean ready = serverReady.getAsBoolean();
        json(routing, ready ? 200 : 503, json -> json.writeBooleanField("ready", ready));
    }

    private void modelReady(RoutingContext routing) {
        String endpoint = routing.pathParam("endpoint");
        Integer version = version(routing);
        if (!call.node().knows(endpoint)) {
            throw new SlipwayException(
                    ErrorCode.ENDPOINT_NOT_FOUND, "endpoint '" + endpoint + "' does not exist");
        }
        ServingSet set = call.node().serving(endpoint).orElse(null);
        boolean ready = set != null && (version == null || set.version().id().version() == version);
        json(
                routing,
                ready ? 200 : 503,
                json -> {
                    json.writeStringField("name", endpoint);
                    json.writeBooleanField("ready", ready);
                });
    }

    private void modelMetadata(RoutingContext routing) {
        String endpoint = routing.pathParam("endpoint");
        Integer version = version(routing);
        ServingSet set = call.node().serving(endpoint).orElse(null);
        if (set != null && (version == null || set.version().id().version() == version)) {
            writeMetadata(routing, endpoint, set.version());
            return;
        }
        // Not loaded here (yet): answer from the desired state, off the event loop.
        blocking.<ModelVersion>submit(
                        () -> {
                            ModelVersion desired =
                                    registry.version(endpoints.get(endpoint).version());
                            if (version != null && desired.id().version() != version) {
                                throw new SlipwayException(
                                        ErrorCode.VERSION_NOT_FOUND,
                                        "endpoint '"
                                                + endpoint
                                                + "' serves version "
                                                + desired.id().version()
                                                + ", not "
                                                + version);
                            }
                            return desired;
                        })
                .onSuccess(desired -> writeMetadata(routing, endpoint, desired))
                .onFailure(routing::fail);
    }

    private void writeMetadata(RoutingContext routing, String endpoint, ModelVersion version) {
        json(
                routing,
                200,
                json -> {
                    json.writeStringField("name", endpoint);
                    json.writeArrayFieldStart("versions");
                    json.writeString(Integer.toString(version.id().version()));
                    json.writeEndArray();
                    json.writeStringField("platform", version.format());
                    json.writeFieldName("inputs");
                    Json.MAPPER.writeTree(json, SignatureJson.specs(version.signature().inputs()));
                    json.writeFieldName("outputs");
                    Json.MAPPER.writeTree(json, SignatureJson.specs(version.signature().outputs()));
                });
    }

    static Integer version(RoutingContext routing) {
        return version(routing.pathParam("version"));
    }

    static Integer version(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SlipwayException(
                    ErrorCode.VERSION_NOT_FOUND,
                    "model version '" + text + "' is not a version number");
        }
    }

    /** Writes the fields of one JSON object. */
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    static void json(RoutingContext routing, int status, Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routing.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(Buffer.buffer(bytes.toByteArray()));
    }
}
