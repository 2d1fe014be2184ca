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
     * @throws SlipwayException INVALID_INPUT naming the problem and the field
     */
    public static InferenceRequest decode(byte[] body) {
        if (body.length == 0) {
            throw SlipwayException.invalidInput(
                    "request body is empty; expected an OIP v2 inference request");
        }
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            return decode(parser, new TensorJsonReader(body));
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
        List<String> outputs = List.of();
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
        Set<String> wanted = new LinkedHashSet<>(outputs);
        return new InferenceRequest(
                id, new PredictRequest(inputs, wanted, parameters), List.copyOf(wanted));
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

    private static List<String> readOutputs(JsonParser parser) throws IOException {
        TensorJsonReader.expect(
                parser,
                JsonToken.START_ARRAY,
                "'outputs' must be an array of {\"name\": ...} objects");
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            TensorJsonReader.expect(
                    parser,
                    JsonToken.START_OBJECT,
                    "each of 'outputs' must be an object with a 'name'");
            String name = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("name")) {
                    name = TensorJsonReader.text(parser, "outputs name");
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
            names.add(name);
        }
        return names;
    }
}
