package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.Tolerance;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Golden examples as JSON: the lines of {@code golden.jsonl} (see docs/formats.md), read with the
 * same tensor reader as inference requests so both accept exactly the same tensors.
 */
public final class GoldenJson {
    private GoldenJson() {}

    /**
     * @throws SlipwayException INVALID_ARGUMENT naming the example and field
     */
    public static List<GoldenExample> fromJson(JsonNode array, String field) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw SlipwayException.invalidArgument(field + " must be an array of golden examples");
        }
        List<GoldenExample> examples = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                examples.add(parse(Json.MAPPER.writeValueAsBytes(array.get(i)), i));
            } catch (SlipwayException e) {
                throw SlipwayException.invalidArgument(field + "[" + i + "]: " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return examples;
    }

    private static GoldenExample parse(byte[] bytes, int index) throws IOException {
        TensorJsonReader tensors = new TensorJsonReader(bytes);
        try (JsonParser parser = Json.FACTORY.createParser(bytes)) {
            parser.nextToken();
            TensorJsonReader.expect(parser, JsonToken.START_OBJECT, "must be a JSON object");
            String name = "example-" + (index + 1);
            InferenceRequest request = null;
            List<Tensor> expected = null;
            Tolerance tolerance = Tolerance.DEFAULT;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "name" -> name = TensorJsonReader.text(parser, "name");
                    case "request" -> request = InferRequestDecoder.decode(parser, tensors);
                    case "expected" -> expected = readExpected(parser, tensors);
                    case "tolerance" ->
                            tolerance =
                                    readTolerance(TensorJsonReader.readObject(parser, "tolerance"));
                    default -> {
                        if (value.isStructStart()) {
                            parser.skipChildren();
                        }
                    }
                }
            }
            if (request == null) {
                throw SlipwayException.invalidArgument("has no 'request'");
            }
            if (expected == null || expected.isEmpty()) {
                throw SlipwayException.invalidArgument("has no 'expected.outputs'");
            }
            return new GoldenExample(name, request.predict(), expected, tolerance);
        }
    }

    private static List<Tensor> readExpected(JsonParser parser, TensorJsonReader tensors)
            throws IOException {
        TensorJsonReader.expect(
                parser, JsonToken.START_OBJECT, "'expected' must be an object with 'outputs'");
        List<Tensor> outputs = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("outputs")) {
                TensorJsonReader.expect(
                        parser, JsonToken.START_ARRAY, "'expected.outputs' must be an array");
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    outputs.add(tensors.read(parser, "expected output", outputs.size()).tensor());
                }
            } else if (value.isStructStart()) {
                parser.skipChildren();
            }
        }
        return outputs;
    }

    private static Tolerance readTolerance(Map<String, Object> values) {
        double absolute =
                number(
                        values.getOrDefault("absolute", Tolerance.DEFAULT.absolute()),
                        "tolerance.absolute");
        double relative =
                number(
                        values.getOrDefault("relative", Tolerance.DEFAULT.relative()),
                        "tolerance.relative");
        try {
            return new Tolerance(absolute, relative);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(e.getMessage());
        }
    }

    private static double number(Object value, String field) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw SlipwayException.invalidArgument(field + " must be a number");
    }

    /** The examples as a JSON array, in the same format they were read from. */
    public static String toJson(List<GoldenExample> examples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartArray();
            for (GoldenExample example : examples) {
                json.writeStartObject();
                json.writeStringField("name", example.name());
                json.writeObjectFieldStart("request");
                json.writeArrayFieldStart("inputs");
                for (Tensor input : example.request().inputs()) {
                    TensorJsonWriter.write(json, input);
                }
                json.writeEndArray();
                if (!example.request().parameters().isEmpty()) {
                    json.writeFieldName("parameters");
                    Json.MAPPER.writeValue(json, example.request().parameters());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("expected");
                json.writeArrayFieldStart("outputs");
                for (Tensor output : example.expectedOutputs()) {
                    TensorJsonWriter.write(json, output);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeObjectFieldStart("tolerance");
                json.writeNumberField("absolute", example.tolerance().absolute());
                json.writeNumberField("relative", example.tolerance().relative());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static List<GoldenExample> fromJsonText(String text) {
        try {
            return fromJson((ArrayNode) Json.MAPPER.readTree(text), "golden");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
