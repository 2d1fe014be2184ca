// Micro-benchmark behind bench/onnx-outputs.sh: one ONNX Runtime run of the wine MLP three ways,
// interleaved in one process on one thread: "returned" (ONNX Runtime creates the outputs and its
// JNI layer wraps them in Java objects; every tensor in a new direct buffer), "pinned" (outputs
// written into buffers the caller passes in; new direct buffers) and "pinned + reused" (the same
// buffers every call), which is what OnnxPredictor does (PinnedOutputs, ScratchBuffers).
// Prints µs per run and the ratio to "returned" for each batch size.
// Usage: java -cp 'slipway-dist/target/lib/*' bench/OnnxOutputsBench.java MODEL SECONDS ROWS...

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class OnnxOutputsBench {
    static final String[] MODES = {"returned", "pinned", "pinned + reused"};

    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1); // as OnnxRuntime loads a 1-core copy
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        OrtSession session = env.createSession(args[0], options);
        double seconds = Double.parseDouble(args[1]);
        System.out.println("| rows | returned µs/run | pinned µs/run | pinned + reused µs/run | pinned + reused / returned |");
        System.out.println("|---|---|---|---|---|");
        for (int a = 2; a < args.length; a++) {
            int rows = Integer.parseInt(args[a]);
            float[] features = new float[rows * 13];
            for (int i = 0; i < features.length; i++) {
                features[i] = 1 + i % 13;
            }
            Buffers reused = new Buffers(rows);
            double[][] micros = new double[MODES.length][];
            for (int m = 0; m < MODES.length; m++) {
                micros[m] = new double[3];
            }
            for (int round = 0; round < 4; round++) { // round 0 warms up
                for (int m = 0; m < MODES.length; m++) {
                    long calls = 0;
                    long start = System.nanoTime();
                    long end = start + (long) (seconds * 1e9);
                    while (System.nanoTime() < end) {
                        run(env, session, MODES[m], features, rows, m == 2 ? reused : new Buffers(rows));
                        calls++;
                    }
                    if (round > 0) {
                        micros[m][round - 1] = (System.nanoTime() - start) / 1e3 / calls;
                    }
                }
            }
            double returned = median(micros[0]);
            double pinned = median(micros[1]);
            double both = median(micros[2]);
            System.out.printf("| %d | %.2f | %.2f | %.2f | %.2fx |%n", rows, returned, pinned, both, both / returned);
        }
    }

    /** Native memory for one run: the input and the two outputs. */
    record Buffers(ByteBuffer input, ByteBuffer probabilities, ByteBuffer label) {
        Buffers(int rows) {
            this(direct(rows * 13 * 4), direct(rows * 3 * 4), direct(rows * 8));
        }
    }

    static void run(OrtEnvironment env, OrtSession session, String mode, float[] features, int rows, Buffers buffers)
            throws Exception {
        buffers.input().asFloatBuffer().put(0, features);
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffers.input().asFloatBuffer(), new long[] {rows, 13})) {
            if (mode.equals("returned")) {
                try (OrtSession.Result result = session.run(Map.of("input", input))) {
                    ((OnnxTensor) result.get("probabilities").orElseThrow()).getFloatBuffer().array();
                    ((OnnxTensor) result.get("label").orElseThrow()).getLongBuffer().array();
                }
                return;
            }
            try (OnnxTensor probabilities = OnnxTensor.createTensor(env, buffers.probabilities().asFloatBuffer(),
                            new long[] {rows, 3});
                    OnnxTensor label = OnnxTensor.createTensor(env, buffers.label().asLongBuffer(), new long[] {rows});
                    OrtSession.Result result = session.run(Map.of("input", input), Set.of(),
                            Map.of("probabilities", probabilities, "label", label))) {
                buffers.probabilities().asFloatBuffer().get(0, new float[rows * 3]);
                buffers.label().asLongBuffer().get(0, new long[rows]);
            }
        }
    }

    static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    static double median(double[] values) {
        List<Double> sorted = new ArrayList<>();
        for (double value : values) {
            sorted.add(value);
        }
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
