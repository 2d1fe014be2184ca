package dev.slipway.spi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an example's signature.yaml (docs/formats.md). */
public final class SignatureFile {
    private SignatureFile() {}

    public static Signature read(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        return new Signature(specs(root.path("inputs")), specs(root.path("outputs")));
    }

    private static List<TensorSpec> specs(JsonNode array) {
        List<TensorSpec> specs = new ArrayList<>();
        for (JsonNode node : array) {
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong();
            }
            specs.add(
                    new TensorSpec(
                            node.path("name").asText(),
                            DataType.fromName(node.path("datatype").asText()),
                            shape));
        }
        return specs;
    }
}
