package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an OIP v2 inference request body (section "Inference Request JSON Object") with a
 * streaming parser: no tree, tensors straight into primitive arrays. Stateless and thread-safe.
 */
public final class InferRequestDecoder {
    private InferRequestDecoder() {}

    /**
     * Decodes a body that is JSON alone.
     *
     * @throws SlipwayException INVALID_INPUT naming the problem and the field
     */
    public static InferenceRequest decode(byte[] body) {
        if (body.length == 0) {
            throw SlipwayException.invalidInput(
                    "request body is empty; expected an OIP v2 inference request");
        }
        return parse(body, body.length, null);
    }

    /**
     * Decodes a body with binary tensor data: {@code jsonLength} bytes of JSON, then the binary
     * section that the inputs with a {@code binary_data_size} take in the order they appear. The
     * section is read in place, without copying the body.
     *
     * @throws SlipwayException INVALID_INPUT naming the problem and the field, including sizes that
     *     do not fit the shapes or the section
     */
    public static InferenceRequest decode(byte[] body, int jsonLength) {
        if (jsonLength == 0) {
            throw SlipwayException.invalidInput(
                    BinaryTensorData.HEADER
                            + " is 0, so the body has no JSON inference request before its binary"
                            + " data");
        }
        return parse(body, jsonLength, new BinaryTensorReader(body, jsonLength));
    }

    /**
     * @param binary the binary section after the JSON, or null when the body is JSON alone
     */
    private static InferenceRequest parse(byte[] body, int jsonLength, BinaryTensorReader binary) {
        if (binary == null) {
            // The form nearly every caller sends, read straight from the bytes (ADR 17).
            InferenceRequest plain = PlainRequestReader.read(body, jsonLength);
            if (plain != null) {
                return plain;
            }
        }
        return parseWithJackson(body, jsonLength, binary);
    }

    /**
     * The general path: all of the protocol, and messages that name what is wrong.
     *
     * @param binary the binary section after the JSON, or null when the body is JSON alone
     */
    static InferenceRequest parseWithJackson(
            byte[] body, int jsonLength, BinaryTensorReader binary) {
        try (JsonParser parser = Json.FACTORY.createParser(body, 0, jsonLength)) {
            InferenceRequest request = decode(parser, new TensorJsonReader(body, binary));
            if (binary != null) {
                binary.finish();
            }
            return request;
        } catch (JsonParseException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw SlipwayException.invalidInput(e.getMessage());
        }
    }

    /** Decodes a request object the parser is positioned before (or on). */
    static InferenceRequest decode(JsonParser parser, TensorJsonReader tensors) throws IOException {
        if (parser.currentToken() == null) {
            parser.nextToken();
        }
        TensorJsonReader.expect(
                parser, JsonToken.START_OBJECT, "request body must be a JSON object");
        String id = null;
        Map<String, Object> parameters = Map.of();
        List<Tensor> inputs = null;
        RequestedOutputs outputs = RequestedOutputs.ALL;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = TensorJsonReader.text(parser, "id");
                case "parameters" -> parameters = readParameters(parser);
                case "inputs" -> inputs = readInputs(parser, tensors);
                case "outputs" -> outputs = readOutputs(parser);
                default -> {
                    if (value.isStructStart()) {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (inputs == null) {
            throw SlipwayException.invalidInput("request has no 'inputs' array");
        }
        if (inputs.isEmpty()) {
            throw SlipwayException.invalidInput("request 'inputs' is empty");
        }
        Set<String> wanted = new LinkedHashSet<>(outputs.names());
        return new InferenceRequest(
                id,
                new PredictRequest(inputs, wanted, parameters),
                List.copyOf(wanted),
                binaryOutputs(parameters, outputs.binary()));
    }

    /** The outputs asked for, in order, and the {@code binary_data} parameter of those with one. */
    private record RequestedOutputs(List<String> names, Map<String, Boolean> binary) {
        static final RequestedOutputs ALL = new RequestedOutputs(List.of(), Map.of());
    }

    private static BinaryOutputs binaryOutputs(
            Map<String, Object> parameters, Map<String, Boolean> perOutput) {
        Object byDefault = parameters.get(BinaryTensorData.BINARY_DATA_OUTPUT);
        if (byDefault == null && perOutput.isEmpty()) {
            return BinaryOutputs.NONE;
        }
        if (byDefault != null && !(byDefault instanceof Boolean)) {
            throw SlipwayException.invalidInput(
                    "parameters."
                            + BinaryTensorData.BINARY_DATA_OUTPUT
                            + " must be true or false, got "
                            + byDefault);
        }
        return new BinaryOutputs(Boolean.TRUE.equals(byDefault), perOutput);
    }

    /** PredictRequest keeps parameters in an immutable map, which cannot hold a null value. */
    private static Map<String, Object> readParameters(JsonParser parser) throws IOException {
        Map<String, Object> parameters = TensorJsonReader.readObject(parser, "parameters");
        parameters.forEach(
                (name, value) -> {
                    if (value == null) {
                        throw SlipwayException.invalidInput(
                                "parameter '" + name + "' must not be null");
                    }
                });
        return parameters;
    }

    private static List<Tensor> readInputs(JsonParser parser, TensorJsonReader tensors)
            throws IOException {
        TensorJsonReader.expect(
                parser, JsonToken.START_ARRAY, "'inputs' must be an array of tensors");
        List<Tensor> inputs = new ArrayList<>(2);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            inputs.add(tensors.read(parser, "input", inputs.size()).tensor());
        }
        return inputs;
    }

    private static RequestedOutputs readOutputs(JsonParser parser) throws IOException {
        TensorJsonReader.expect(
                parser,
                JsonToken.START_ARRAY,
                "'outputs' must be an array of {\"name\": ...} objects");
        List<String> names = new ArrayList<>();
        Map<String, Boolean> binary = Map.of();
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            TensorJsonReader.expect(
                    parser,
                    JsonToken.START_OBJECT,
                    "each of 'outputs' must be an object with a 'name'");
            String name = null;
            Object binaryData = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("name")) {
                    name = TensorJsonReader.text(parser, "outputs name");
                } else if (field.equals("parameters")) {
                    binaryData =
                            TensorJsonReader.readObject(parser, "output parameters")
                                    .get(BinaryTensorData.BINARY_DATA);
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (name == null) {
                throw SlipwayException.invalidInput("output " + names.size() + " has no 'name'");
            }
            if (!seen.add(name)) {
                throw SlipwayException.invalidInput("output '" + name + "' is requested twice");
            }
            if (binaryData instanceof Boolean flag) {
                if (binary.isEmpty()) {
                    binary = new HashMap<>();
                }
                binary.put(name, flag);
            } else if (binaryData != null) {
                throw SlipwayException.invalidInput(
                        "output '"
                                + name
                                + "' parameters."
                                + BinaryTensorData.BINARY_DATA
                                + " must be true or false, got "
                                + binaryData);
            }
            names.add(name);
        }
        return new RequestedOutputs(names, binary);
    }
}
