package dev.slipway.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code signature.yaml} (docs/formats.md) and turns it into the JSON {@code Signature} of
 * the REST API, checking it first so a typo is reported with its place instead of as a 400 from the
 * server.
 */
public final class SignatureFile {

    /** The Open Inference Protocol v2 datatypes. */
    public static final List<String> DATATYPES =
            List.of(
                    "BOOL", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32",
                    "UINT64", "FP16", "FP32", "FP64", "BYTES");

    private SignatureFile() {}

    /**
     * Reads and checks {@code file}.
     *
     * @throws InputFileException naming the file and the offending field
     */
    public static ObjectNode read(Path file) {
        JsonNode yaml;
        try {
            yaml = JacksonMappers.YAML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            throw new InputFileException(file + ": file not found");
        } catch (JsonProcessingException invalid) {
            throw new InputFileException(
                    file + ": invalid YAML (" + invalid.getOriginalMessage() + ")");
        } catch (IOException unreadable) {
            throw new InputFileException(file + ": cannot read (" + unreadable.getMessage() + ")");
        }
        return convert(yaml, file.toString());
    }

    /** Checks a parsed signature and returns it as JSON; {@code source} prefixes errors. */
    public static ObjectNode convert(JsonNode yaml, String source) {
        if (yaml == null || !yaml.isObject()) {
            throw new InputFileException(
                    source + ": expected a mapping with 'inputs' and 'outputs' lists");
        }
        for (Iterator<String> names = yaml.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("inputs") && !name.equals("outputs")) {
                throw new InputFileException(
                        source + ": " + name + " is not a known field (inputs, outputs)");
            }
        }
        ObjectNode signature = JsonNodeFactory.instance.objectNode();
        signature.set("inputs", tensors(yaml.get("inputs"), "inputs", source));
        signature.set("outputs", tensors(yaml.get("outputs"), "outputs", source));
        return signature;
    }

    private static ArrayNode tensors(JsonNode list, String field, String source) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InputFileException(source + ": " + field + " must be a non-empty list");
        }
        ArrayNode tensors = JsonNodeFactory.instance.arrayNode();
        for (int index = 0; index < list.size(); index++) {
            tensors.add(tensor(list.get(index), source + ": " + field + "[" + index + "]"));
        }
        return tensors;
    }

    private static ObjectNode tensor(JsonNode entry, String place) {
        if (!entry.isObject()) {
            throw new InputFileException(place + " must be a mapping with name, datatype, shape");
        }
        ObjectNode tensor = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            switch (field.getKey()) {
                case "name", "datatype", "shape", "parameters" -> {}
                default ->
                        throw new InputFileException(
                                place
                                        + "."
                                        + field.getKey()
                                        + " is not a known field (name, datatype, shape)");
            }
        }
        JsonNode name = entry.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new InputFileException(place + ".name is required");
        }
        tensor.put("name", name.asText());
        JsonNode datatype = entry.get("datatype");
        String type = datatype == null ? "" : datatype.asText().toUpperCase(Locale.ROOT);
        if (!DATATYPES.contains(type)) {
            throw new InputFileException(
                    place
                            + ".datatype "
                            + (datatype == null ? "is required" : "'" + datatype.asText() + "'")
                            + " must be one of "
                            + String.join(", ", DATATYPES));
        }
        tensor.put("datatype", type);
        tensor.set("shape", shape(entry.get("shape"), place + ".shape"));
        if (entry.has("parameters")) {
            tensor.set("parameters", entry.get("parameters"));
        }
        return tensor;
    }

    private static ArrayNode shape(JsonNode list, String place) {
        if (list == null || !list.isArray()) {
            throw new InputFileException(place + " is required: a list like [-1, 30]");
        }
        ArrayNode shape = JsonNodeFactory.instance.arrayNode();
        for (JsonNode dimension : list) {
            if (!dimension.canConvertToInt()
                    || !dimension.isIntegralNumber()
                    || dimension.asInt() < -1) {
                throw new InputFileException(
                        place + " must hold whole numbers >= -1 (-1 marks a variable size)");
            }
            shape.add(dimension.asInt());
        }
        return shape;
    }
}
