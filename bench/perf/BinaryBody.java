// Turns an OIP v2 JSON inference request into the binary tensor data form, for benchmarks: every
// input's elements move after the JSON (its `data` becomes `parameters.binary_data_size`) and the
// request asks for binary outputs (`parameters.binary_data_output: true`). Writes the body to OUT
// and prints the JSON's length, which the request sends as Inference-Header-Content-Length:
//   N=$(java -cp 'slipway-dist/target/lib/*' bench/perf/BinaryBody.java request.json body.bin)
//   curl -s -o answer.bin -H "Inference-Header-Content-Length: $N" \
//        -H 'content-type: application/octet-stream' --data-binary @body.bin \
//        localhost:8080/v2/models/wine/infer
// The server's own decoder reads the tensors (flat or nested data, any datatype) and its writer
// lays them out, so the body is exactly what the server expects.
// Usage: java -cp 'slipway-dist/target/lib/*' bench/perf/BinaryBody.java IN.json OUT.bin

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.protocol.BinaryTensorWriter;
import dev.slipway.server.protocol.InferRequestDecoder;
import dev.slipway.server.protocol.Json;
import dev.slipway.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class BinaryBody {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BinaryBody.java IN.json OUT.bin");
            System.exit(2);
        }
        byte[] json = Files.readAllBytes(Path.of(args[0]));
        List<Tensor> tensors = InferRequestDecoder.decode(json).predict().inputs();
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(json);

        long binarySize = 0;
        JsonNode inputs = request.get("inputs");
        for (int i = 0; i < tensors.size(); i++) {
            ObjectNode input = (ObjectNode) inputs.get(i);
            long size = BinaryTensorWriter.size(tensors.get(i));
            input.remove("data");
            parameters(input).put("binary_data_size", size);
            binarySize += size;
        }
        parameters(request).put("binary_data_output", true);

        byte[] header = Json.MAPPER.writeValueAsBytes(request);
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(header.length + binarySize));
        body.put(header);
        for (Tensor tensor : tensors) {
            BinaryTensorWriter.write(body, tensor);
        }
        Files.write(Path.of(args[1]), body.array());
        System.out.println(header.length);
    }

    private static ObjectNode parameters(ObjectNode node) {
        return node.get("parameters") instanceof ObjectNode parameters
                ? parameters
                : node.putObject("parameters");
    }
}
