package dev.slipway.server.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Speaks the binary tensor data extension over HTTP the way a client does, independently of the
 * server's own codec: sends JSON followed by tensor bytes with {@code
 * Inference-Header-Content-Length}, and splits an answer into its JSON and the bytes after it.
 */
final class BinaryTensorClient {
    static final String HEADER = "Inference-Header-Content-Length";

    /** Reads numbers as written, so that a float's text converts to exactly that float. */
    private static final ObjectReader EXACT =
            Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BinaryTensorClient() {}

    /**
     * An answer: its JSON (the whole body when it has no binary data) and the bytes after it.
     *
     * @param jsonText the JSON as the server wrote it
     * @param json the JSON read with floating-point numbers as BigDecimals
     * @param binary empty when the answer has no {@code Inference-Header-Content-Length}
     */
    record Answer(int status, HttpHeaders headers, String jsonText, JsonNode json, byte[] binary) {
        String contentType() {
            return headers.firstValue("content-type").orElse("");
        }

        String error() {
            return json.path("error").asText();
        }

        JsonNode output(String name) {
            for (JsonNode output : json.get("outputs")) {
                if (output.get("name").asText().equals(name)) {
                    return output;
                }
            }
            throw new AssertionError("no output " + name + " in " + json);
        }

        /** The little-endian bytes of a binary output, found from the sizes before it. */
        ByteBuffer binaryOutput(String name) {
            int offset = 0;
            for (JsonNode output : json.get("outputs")) {
                int size = output.path("parameters").path("binary_data_size").asInt(-1);
                if (output.get("name").asText().equals(name)) {
                    if (size < 0) {
                        throw new AssertionError("output " + name + " is not binary: " + output);
                    }
                    return ByteBuffer.wrap(binary, offset, size)
                            .slice()
                            .order(ByteOrder.LITTLE_ENDIAN);
                }
                offset += Math.max(size, 0);
            }
            throw new AssertionError("no output " + name + " in " + json);
        }
    }

    /** Posts {@code json} followed by {@code binary}, giving the JSON's length in the header. */
    static Answer post(TestServer server, String path, String json, byte[] binary) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return send(
                server.request(path)
                        .header("content-type", "application/octet-stream")
                        .header(HEADER, Integer.toString(header.length))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(concat(header, binary))));
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            int jsonLength =
                    response.headers()
                            .firstValue(HEADER)
                            .map(Integer::parseInt)
                            .orElse(body.length);
            return new Answer(
                    response.statusCode(),
                    response.headers(),
                    new String(body, 0, jsonLength, StandardCharsets.UTF_8),
                    EXACT.readTree(body, 0, jsonLength),
                    Arrays.copyOfRange(body, jsonLength, body.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    static byte[] littleEndianFloats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }
}
