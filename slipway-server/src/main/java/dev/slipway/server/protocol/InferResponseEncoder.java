package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.node.Served;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/** Encodes an OIP v2 inference response ("Inference Response JSON Object"). Stateless. */
public final class InferResponseEncoder {
    private InferResponseEncoder() {}

    /** The encoder of the OIP answer to {@code request}, for the version that served it. */
    public static Function<Served, byte[]> answering(String endpoint, InferenceRequest request) {
        return served ->
                encode(
                        endpoint,
                        served.version().version(),
                        request.id(),
                        served.result(),
                        request.outputs());
    }

    /**
     * @param requested outputs in the caller's order; empty means all, in the model's order
     */
    public static byte[] encode(
            String modelName,
            int modelVersion,
            String id,
            PredictResult result,
            List<String> requested) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model_name", modelName);
            json.writeStringField("model_version", Integer.toString(modelVersion));
            if (id != null) {
                json.writeStringField("id", id);
            }
            json.writeArrayFieldStart("outputs");
            if (requested.isEmpty()) {
                for (Tensor output : result.outputs()) {
                    TensorJsonWriter.write(json, output);
                }
            } else {
                for (String name : requested) {
                    Tensor output = result.output(name).orElse(null);
                    if (output != null) {
                        TensorJsonWriter.write(json, output);
                    }
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
