package dev.slipway.server.gateway;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.node.Served;
import dev.slipway.server.protocol.InferRequestDecoder;
import dev.slipway.server.protocol.InferResponseEncoder;
import dev.slipway.server.protocol.InferenceRequest;
import dev.slipway.server.protocol.Json;
import dev.slipway.server.protocol.RowsCodec;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A SageMaker-style payload decoded for one endpoint: {@code text/csv} rows, {@code {"instances":
 * [...]}} rows or an OIP v2 request, with the encoder of the answer the caller asked for ({@code
 * Accept: text/csv} or JSON). Shared by real-time and asynchronous invocations.
 */
public record SageMakerPayload(
        PredictRequest request, String outputContentType, Function<Served, byte[]> encoder) {

    /**
     * @throws SlipwayException INVALID_INPUT for an empty or malformed body,
     *     UNSUPPORTED_MEDIA_TYPE, ENDPOINT_NOT_FOUND / ENDPOINT_NOT_READY when rows need the
     *     serving signature
     */
    public static SageMakerPayload decode(
            LocalNode node, String endpoint, byte[] body, String contentTypeHeader, String accept) {
        if (body.length == 0) {
            throw SlipwayException.invalidInput("request body is empty");
        }
        String contentType = mediaType(contentTypeHeader);
        boolean csvOut = mediaType(accept).equals("text/csv");
        Function<PredictResult, byte[]> rowsEncoder =
                csvOut ? RowsCodec::predictionsCsv : RowsCodec::predictionsJson;
        String rowsType = csvOut ? "text/csv" : "application/json";
        switch (contentType) {
            case "text/csv" -> {
                Signature signature = node.requireServing(endpoint, null).version().signature();
                List<Tensor> inputs = RowsCodec.fromCsv(body, signature);
                return new SageMakerPayload(
                        PredictRequest.of(inputs.toArray(Tensor[]::new)),
                        rowsType,
                        served -> rowsEncoder.apply(served.result()));
            }
            case "application/json", "" -> {
                if (hasTopLevelField(body, "instances")) {
                    Signature signature = node.requireServing(endpoint, null).version().signature();
                    List<Tensor> inputs = RowsCodec.fromInstances(body, signature);
                    return new SageMakerPayload(
                            new PredictRequest(inputs, Set.of(), Map.of()),
                            rowsType,
                            served -> rowsEncoder.apply(served.result()));
                }
                InferenceRequest request = InferRequestDecoder.decode(body);
                return new SageMakerPayload(
                        request.predict(),
                        "application/json",
                        InferResponseEncoder.answering(endpoint, request));
            }
            default ->
                    throw new SlipwayException(
                            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                            "content type '"
                                    + contentType
                                    + "' is not supported; use application/json or text/csv");
        }
    }

    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the JSON object has the field at top level; skips nested values without building
     * them.
     */
    private static boolean hasTopLevelField(byte[] body, String name) {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw SlipwayException.invalidInput("request body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (parser.currentName().equals(name)) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        } catch (JsonParseException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
