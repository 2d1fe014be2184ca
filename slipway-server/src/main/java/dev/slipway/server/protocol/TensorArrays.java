package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Arrays of OIP tensor objects read from stored JSON (captures), with the request's reader. */
public final class TensorArrays {
    private TensorArrays() {}

    public static List<Tensor> fromJson(JsonNode array) {
        if (array == null || array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        try {
            byte[] bytes = Json.MAPPER.writeValueAsBytes(array);
            TensorJsonReader reader = new TensorJsonReader(bytes);
            List<Tensor> tensors = new ArrayList<>();
            try (JsonParser parser = Json.FACTORY.createParser(bytes)) {
                parser.nextToken();
                TensorJsonReader.expect(parser, JsonToken.START_ARRAY, "tensors must be an array");
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    tensors.add(reader.read(parser, "tensor", tensors.size()).tensor());
                }
            }
            return tensors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
