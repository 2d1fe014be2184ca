package dev.slipway.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The outputs ONNX Runtime can write straight into buffers Slipway owns ("pinned" outputs), instead
 * of returning new native tensors that its JNI layer then describes with new Java objects. For a
 * small model that description is a third of the call: 14 rows of the wine MLP took 11 µs per run,
 * 6 µs with pinned outputs in reused buffers ({@code docs/benchmarks.md}).
 *
 * <p>A buffer must be sized before the run, so only numeric outputs shaped {@code [batch, fixed
 * ...]}, of a model whose inputs all have a variable first dimension, are pinned. ONNX Runtime
 * checks the shape and type of a pinned output; when it refuses them, the predictor runs unpinned.
 *
 * <p>Thread-safe: immutable; each call's {@link Pins} belong to the calling thread.
 */
final class PinnedOutputs {
    /** A pinnable output: its element type and its dimensions after the batch. */
    private record Pinnable(DataType datatype, long[] rowShape) {}

    private final Map<String, Pinnable> pinnable;

    private PinnedOutputs(Map<String, Pinnable> pinnable) {
        this.pinnable = pinnable;
    }

    static PinnedOutputs of(Signature signature) {
        Map<String, Pinnable> pinnable = new HashMap<>();
        boolean batchedInputs =
                signature.inputs().stream()
                        .allMatch(spec -> spec.shape().length > 0 && spec.shape()[0] == -1);
        if (batchedInputs) {
            for (TensorSpec spec : signature.outputs()) {
                long[] shape = spec.shape();
                if (pinnable(spec.datatype())
                        && shape.length > 0
                        && shape[0] == -1
                        && Arrays.stream(shape, 1, shape.length).allMatch(d -> d >= 0)) {
                    pinnable.put(
                            spec.name(),
                            new Pinnable(
                                    spec.datatype(), Arrays.copyOfRange(shape, 1, shape.length)));
                }
            }
        }
        return new PinnedOutputs(Map.copyOf(pinnable));
    }

    private static boolean pinnable(DataType datatype) {
        return switch (datatype) {
            case FP32, FP64, INT32, INT64 -> true;
            default -> false;
        };
    }

    boolean any() {
        return !pinnable.isEmpty();
    }

    /**
     * Creates this call's pinned output tensors in {@code buffers}: the pinnable ones of {@code
     * names}, for the request's batch. None when the inputs disagree on the batch size or it is 0.
     */
    Pins pin(
            OrtEnvironment environment,
            ScratchBuffers buffers,
            Set<String> names,
            PredictRequest request)
            throws OrtException {
        long rows = rows(request);
        if (rows <= 0) {
            return Pins.NONE;
        }
        Pins pins = new Pins();
        try {
            for (String name : names) {
                Pinnable output = pinnable.get(name);
                if (output != null) {
                    pins.add(environment, buffers, name, rows, output);
                }
            }
        } catch (OrtException | RuntimeException e) {
            pins.close();
            throw e;
        }
        return pins;
    }

    /** The batch size all inputs share, or -1 when they do not (or are scalars). */
    private static long rows(PredictRequest request) {
        long rows = -1;
        for (Tensor input : request.inputs()) {
            if (input.shape().length == 0 || (rows >= 0 && input.shape()[0] != rows)) {
                return -1;
            }
            rows = input.shape()[0];
        }
        return rows;
    }

    /** One call's pinned outputs: tensors over slices of the thread's scratch buffers. */
    static final class Pins implements AutoCloseable {
        static final Pins NONE = new Pins();

        private final Map<String, OnnxTensor> tensors = new HashMap<>();
        private final Map<String, Pinned> pinned = new HashMap<>();

        private record Pinned(DataType datatype, long[] shape, int count, ByteBuffer memory) {}

        Map<String, OnnxTensor> tensors() {
            return tensors;
        }

        boolean isEmpty() {
            return tensors.isEmpty();
        }

        boolean has(String name) {
            return pinned.containsKey(name);
        }

        /** The names ONNX Runtime must return as new tensors. */
        Set<String> unpinned(Set<String> names) {
            if (tensors.isEmpty()) {
                return names;
            }
            Set<String> rest = new LinkedHashSet<>(names);
            rest.removeAll(tensors.keySet());
            return rest;
        }

        private void add(
                OrtEnvironment environment,
                ScratchBuffers buffers,
                String name,
                long rows,
                Pinnable output)
                throws OrtException {
            long[] shape = new long[output.rowShape().length + 1];
            shape[0] = rows;
            System.arraycopy(output.rowShape(), 0, shape, 1, output.rowShape().length);
            int count = Math.toIntExact(Shapes.elementCount(shape));
            DataType datatype = output.datatype();
            ByteBuffer memory = buffers.take((long) count * datatype.byteSize());
            OnnxTensor tensor =
                    switch (datatype) {
                        case FP32 ->
                                OnnxTensor.createTensor(environment, memory.asFloatBuffer(), shape);
                        case FP64 ->
                                OnnxTensor.createTensor(
                                        environment, memory.asDoubleBuffer(), shape);
                        case INT32 ->
                                OnnxTensor.createTensor(environment, memory.asIntBuffer(), shape);
                        case INT64 ->
                                OnnxTensor.createTensor(environment, memory.asLongBuffer(), shape);
                        default -> throw new IllegalStateException(datatype + " is not pinnable");
                    };
            tensors.put(name, tensor);
            pinned.put(name, new Pinned(datatype, shape, count, memory));
        }

        /** Copies a pinned output, written by the run, out of native memory into a tensor. */
        Tensor read(String name) {
            Pinned output = pinned.get(name);
            ByteBuffer memory = output.memory();
            int count = output.count();
            Object data =
                    switch (output.datatype()) {
                        case FP32 -> {
                            float[] values = new float[count];
                            memory.asFloatBuffer().get(0, values);
                            yield values;
                        }
                        case FP64 -> {
                            double[] values = new double[count];
                            memory.asDoubleBuffer().get(0, values);
                            yield values;
                        }
                        case INT32 -> {
                            int[] values = new int[count];
                            memory.asIntBuffer().get(0, values);
                            yield values;
                        }
                        case INT64 -> {
                            long[] values = new long[count];
                            memory.asLongBuffer().get(0, values);
                            yield values;
                        }
                        default -> throw new IllegalStateException();
                    };
            return Tensor.of(name, output.datatype(), output.shape(), data);
        }

        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
        }
    }
}
