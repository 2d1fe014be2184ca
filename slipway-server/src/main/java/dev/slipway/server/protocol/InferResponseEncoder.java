package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.slipway.core.node.Served;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Encodes an OIP v2 inference response ("Inference Response JSON Object"), followed by the bytes of
 * the outputs the request asks for as binary tensor data. Stateless.
 */
public final class InferResponseEncoder {
    // Encoded once, as in TensorJsonWriter.
    private static final SerializableString MODEL_NAME = new SerializedString("model_name");
    private static final SerializableString MODEL_VERSION = new SerializedString("model_version");
    private static final SerializableString OUTPUTS = new SerializedString("outputs");

    private InferResponseEncoder() {}

    /**
     * The encoder of the OIP answer to {@code request} as JSON alone, whatever binary outputs it
     * asks for: for SageMaker's invocations, which have no binary framing.
     */
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
     * The encoder of the OIP answer to {@code request}: JSON, followed by binary tensor data when
     * the request asks for binary outputs.
     */
    public static Function<Served, ResponseBody> responding(
            String endpoint, InferenceRequest request) {
        return served ->
                encode(
                        endpoint,
                        served.version().version(),
                        request.id(),
                        served.result(),
                        request.outputs(),
                        request.binaryOutputs());
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
            writeStart(json, modelName, modelVersion, id);
            for (Tensor output : selected(result, requested)) {
                TensorJsonWriter.write(json, output);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Encodes the binary outputs as binary tensor data after the JSON, in the order of the JSON's
     * outputs; the body is JSON alone when no output is binary.
     *
     * @param requested outputs in the caller's order; empty means all, in the model's order
     */
    public static ResponseBody encode(
            String modelName,
            int modelVersion,
            String id,
            PredictResult result,
            List<String> requested,
            BinaryOutputs binary) {
        if (binary.none()) {
            return ResponseBody.json(encode(modelName, modelVersion, id, result, requested));
        }
        List<Tensor> binaryOutputs = new ArrayList<>(result.outputs().size());
        long binarySize = 0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            writeStart(json, modelName, modelVersion, id);
            for (Tensor output : selected(result, requested)) {
                if (binary.isBinary(output.name())) {
                    long size = BinaryTensorWriter.size(output);
                    TensorJsonWriter.writeBinaryReference(json, output, size);
                    binaryOutputs.add(output);
                    binarySize += size;
                } else {
                    TensorJsonWriter.write(json, output);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (binaryOutputs.isEmpty()) {
            return ResponseBody.json(bytes.toByteArray());
        }
        int jsonLength = bytes.size();
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(jsonLength + binarySize));
        body.put(bytes.toByteArray());
        for (Tensor output : binaryOutputs) {
            BinaryTensorWriter.write(body, output);
        }
        return ResponseBody.withBinaryTensors(body.array(), jsonLength);
    }

    private static void writeStart(
            JsonGenerator json, String modelName, int modelVersion, String id) throws IOException {
        json.writeStartObject();
        json.writeFieldName(MODEL_NAME);
        json.writeString(modelName);
        json.writeFieldName(MODEL_VERSION);
        json.writeString(Integer.toString(modelVersion));
        if (id != null) {
            json.writeStringField("id", id);
        }
        json.writeFieldName(OUTPUTS);
        json.writeStartArray();
    }

    private static List<Tensor> selected(PredictResult result, List<String> requested) {
        if (requested.isEmpty()) {
            return result.outputs();
        }
        List<Tensor> outputs = new ArrayList<>(requested.size());
        for (String name : requested) {
            result.output(name).ifPresent(outputs::add);
        }
        return outputs;
    }
}
