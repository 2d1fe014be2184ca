package dev.slipway.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/** Signatures as JSON ({@code {"inputs": [{"name", "datatype", "shape"}], "outputs": [...]}}). */
public final class SignatureJson {
    private SignatureJson() {}

    public static ObjectNode toJson(Signature signature) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("inputs", specs(signature.inputs()));
        node.set("outputs", specs(signature.outputs()));
        return node;
    }

    public static ArrayNode specs(List<TensorSpec> specs) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (TensorSpec spec : specs) {
            ObjectNode item = array.addObject();
            item.put("name", spec.name());
            item.put("datatype", spec.datatype().name());
            ArrayNode shape = item.putArray("shape");
            for (long dimension : spec.shape()) {
                shape.add(dimension);
            }
        }
        return array;
    }

    /**
     * @throws SlipwayException INVALID_ARGUMENT naming the field, e.g. {@code
     *     signature.inputs[0].datatype}
     */
    public static Signature fromJson(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw SlipwayException.invalidArgument(
                    field + " must be an object with 'inputs' and 'outputs'");
        }
        List<TensorSpec> inputs = specs(node.get("inputs"), field + ".inputs");
        List<TensorSpec> outputs = specs(node.get("outputs"), field + ".outputs");
        try {
            return new Signature(inputs, outputs);
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidArgument(field + ": " + e.getMessage());
        }
    }

    private static List<TensorSpec> specs(JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            throw SlipwayException.invalidArgument(field + " must be an array");
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String where = field + "[" + i + "]";
            if (!item.path("name").isTextual()) {
                throw SlipwayException.invalidArgument(where + ".name must be a string");
            }
            if (!item.path("datatype").isTextual()) {
                throw SlipwayException.invalidArgument(where + ".datatype must be a string");
            }
            JsonNode shapeNode = item.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) {
                throw SlipwayException.invalidArgument(
                        where + ".shape must be an array of integers (-1 = variable)");
            }
            long[] shape = new long[shapeNode.size()];
            for (int d = 0; d < shape.length; d++) {
                if (!shapeNode.get(d).canConvertToLong() || !shapeNode.get(d).isIntegralNumber()) {
                    throw SlipwayException.invalidArgument(
                            where + ".shape[" + d + "] must be an integer");
                }
                shape[d] = shapeNode.get(d).asLong();
            }
            DataType datatype;
            try {
                datatype = DataType.fromName(item.get("datatype").asText());
            } catch (IllegalArgumentException e) {
                throw SlipwayException.invalidArgument(where + ".datatype: " + e.getMessage());
            }
            try {
                specs.add(new TensorSpec(item.get("name").asText(), datatype, shape));
            } catch (IllegalArgumentException e) {
                throw SlipwayException.invalidArgument(where + ": " + e.getMessage());
            }
        }
        return specs;
    }
}
