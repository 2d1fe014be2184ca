package dev.slipway.server.protocol;

import dev.slipway.core.node.Served;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Encodes an OIP v2 inference response ("Inference Response JSON Object"), followed by the bytes of
 * the outputs the request asks for as binary tensor data. Stateless.
 */
public final class InferResponseEncoder {
    // Encoded once, with the punctuation around them, as in TensorJsonWriter.
    private static final byte[] MODEL_NAME = ascii("{\"model_name\":");
    private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] OUTPUTS = ascii(",\"outputs\":[");

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
        JsonBytes json = start(modelName, modelVersion, id);
        List<Tensor> outputs = selected(result, requested);
        for (int i = 0; i < outputs.size(); i++) {
            TensorJsonWriter.write(i == 0 ? json : json.raw(','), outputs.get(i));
        }
        return json.raw(']').raw('}').toByteArray(0);
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
        JsonBytes json = start(modelName, modelVersion, id);
        List<Tensor> outputs = selected(result, requested);
        for (int i = 0; i < outputs.size(); i++) {
            Tensor output = outputs.get(i);
            if (i > 0) {
                json.raw(',');
            }
            if (binary.isBinary(output.name())) {
                long size = BinaryTensorWriter.size(output);
                TensorJsonWriter.writeBinaryReference(json, output, size);
                binaryOutputs.add(output);
                binarySize += size;
            } else {
                TensorJsonWriter.write(json, output);
            }
        }
        json.raw(']').raw('}');
        if (binaryOutputs.isEmpty()) {
            return ResponseBody.json(json.toByteArray(0));
        }
        int jsonLength = json.size();
        byte[] body = json.toByteArray(Math.toIntExact(binarySize));
        ByteBuffer binaryData = ByteBuffer.wrap(body).position(jsonLength);
        for (Tensor output : binaryOutputs) {
            BinaryTensorWriter.write(binaryData, output);
        }
        return ResponseBody.withBinaryTensors(body, jsonLength);
    }

    /** The answer up to the start of its outputs' array. */
    private static JsonBytes start(String modelName, int modelVersion, String id) {
        JsonBytes json = new JsonBytes(256);
        json.raw(MODEL_NAME).string(modelName);
        json.raw(MODEL_VERSION).raw('"').number(modelVersion).raw('"');
        if (id != null) {
            json.raw(ID).string(id);
        }
        return json.raw(OUTPUTS);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
