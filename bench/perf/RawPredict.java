// Limit A of bench/perf.sh: the raw runtime call in-process, no serving at all. A tight loop on one
// thread calls XGBoost4J and ONNX Runtime directly (the library APIs Slipway's runtimes use, with
// the same thread settings: one intra-op thread) on the same rows the HTTP workloads send, and
// Slipway's XGBoost runtime, which predicts with the model's trees compiled to Java (ADR 11).
// Prints one JSON line per case: calls/s and the per-call p50/p99 in microseconds.
// Usage: java -cp 'slipway-dist/target/lib/*' bench/perf/RawPredict.java EXAMPLES_DIR SECONDS ROWS_JSON

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import dev.slipway.runtime.xgboost.XGBoostRuntime;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Tensor;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

public class RawPredict {
    interface Call {
        float run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path examples = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        JsonNode rows = new ObjectMapper().readTree(Path.of(args[2]).toFile());
        float[] cancerRow = floats(rows.get("breast-cancer"), 1);
        float[] wineRow = floats(rows.get("wine"), 1);
        float[] wineRows = floats(rows.get("wine"), 32);

        Booster booster = XGBoost.loadModel(Files.readAllBytes(examples.resolve("breast-cancer-xgboost/model.json")));
        booster.setParam("nthread", 1);
        measure("xgboost-1row", seconds, () -> {
            DMatrix matrix = new DMatrix(cancerRow, 1, cancerRow.length, Float.NaN);
            try {
                return booster.predict(matrix)[0][0];
            } finally {
                matrix.dispose();
            }
        });

        Path cancerModel = examples.resolve("breast-cancer-xgboost/model.json");
        try (Predictor trees = new XGBoostRuntime().load(new ModelArtifact(cancerModel, "xgboost", "unchecked"),
                new LoadOptions(1, Optional.empty(), Map.of("predictor", "trees")))) {
            PredictRequest request = PredictRequest.of(
                    Tensor.ofFloats("input", new long[] {1, cancerRow.length}, cancerRow));
            measure("xgboost-trees-1row", seconds, () -> trees.predict(request).outputs().get(0).floats()[0]);
        }

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession session = environment.createSession(
                    Files.readAllBytes(examples.resolve("wine-mlp-onnx/model.onnx")), options)) {
                measure("onnx-1row", seconds, () -> onnx(environment, session, wineRow, 1));
                measure("onnx-32rows", seconds, () -> onnx(environment, session, wineRows, 32));
            }
        }
    }

    static float onnx(OrtEnvironment environment, OrtSession session, float[] rows, int count) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(rows),
                        new long[] {count, rows.length / count});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return ((float[][]) result.get(0).getValue())[0][0];
        }
    }

    static void measure(String name, int seconds, Call call) throws Exception {
        long warmUntil = System.nanoTime() + Math.max(2, seconds / 2) * 1_000_000_000L;
        float sink = 0;
        while (System.nanoTime() < warmUntil) {
            sink += call.run();
        }
        long[] nanos = new long[5_000_000];
        int count = 0;
        long started = System.nanoTime();
        long until = started + seconds * 1_000_000_000L;
        long now = started;
        while (now < until && count < nanos.length) {
            sink += call.run();
            long after = System.nanoTime();
            nanos[count++] = after - now;
            now = after;
        }
        double elapsed = (now - started) / 1e9;
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        System.out.printf("{\"case\":\"%s\",\"calls_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"sink\":%.3f}%n",
                name, count / elapsed, sorted[count / 2] / 1e3, sorted[(int) (count * 0.99)] / 1e3, sink);
    }

    /** The first {@code count} rows of a JSON array of rows, flattened. */
    static float[] floats(JsonNode table, int count) {
        int width = table.get(0).size();
        float[] values = new float[count * width];
        for (int r = 0; r < count; r++) {
            for (int c = 0; c < width; c++) {
                values[r * width + c] = (float) table.get(r % table.size()).get(c).asDouble();
            }
        }
        return values;
    }
}
