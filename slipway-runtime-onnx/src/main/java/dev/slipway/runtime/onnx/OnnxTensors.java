package dev.slipway.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Converts Slipway tensors to ONNX Runtime tensors and back.
 *
 * <p>Inputs are copied once, into direct native-order buffers that ONNX Runtime reads in place.
 * Outputs are copied once, out of native memory into the Slipway storage array.
 *
 * <p>Thread-safe: stateless.
 */
final class OnnxTensors {
    private OnnxTensors() {}

    /**
     * Creates an ONNX Runtime tensor holding a copy of the tensor's elements, in this thread's
     * scratch buffers. The caller closes it before the thread's next call.
     *
     * @throws PredictionException (invalid input) for BYTES elements that are not UTF-8 and for
     *     unsigned 16, 32 and 64-bit tensors, which ONNX Runtime's Java API cannot create
     */
    static OnnxTensor toOnnx(OrtEnvironment environment, Tensor tensor, ScratchBuffers buffers)
            throws OrtException {
        long[] shape = tensor.shape();
        int count = tensor.elementCount();
        return switch (tensor.datatype()) {
            case BOOL -> {
                boolean[] values = tensor.booleans();
                ByteBuffer buffer = buffers.take(count);
                for (int i = 0; i < count; i++) {
                    buffer.put(i, values[i] ? (byte) 1 : (byte) 0);
                }
                yield OnnxTensor.createTensor(environment, buffer, shape, OnnxJavaType.BOOL);
            }
            case INT8 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count).put(0, tensor.bytes()),
                            shape,
                            OnnxJavaType.INT8);
            case UINT8 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count).put(0, tensor.bytes()),
                            shape,
                            OnnxJavaType.UINT8);
            case INT16 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 2L).asShortBuffer().put(0, tensor.shorts()),
                            shape,
                            OnnxJavaType.INT16);
            case FP16 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 2L).asShortBuffer().put(0, tensor.shorts()),
                            shape,
                            OnnxJavaType.FLOAT16);
            case INT32 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 4L).asIntBuffer().put(0, tensor.ints()),
                            shape);
            case INT64 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 8L).asLongBuffer().put(0, tensor.longs()),
                            shape);
            case FP32 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 4L).asFloatBuffer().put(0, tensor.floats()),
                            shape);
            case FP64 ->
                    OnnxTensor.createTensor(
                            environment,
                            buffers.take(count * 8L).asDoubleBuffer().put(0, tensor.doubles()),
                            shape);
            case BYTES -> OnnxTensor.createTensor(environment, strings(tensor), shape);
            case UINT16, UINT32, UINT64 ->
                    // OnnxJavaType has no unsigned types wider than 8 bits, so there is no way to
                    // hand ONNX Runtime such a tensor from Java (it can return them, see fromOnnx).
                    throw PredictionException.invalidInput(
                            "input '"
                                    + tensor.name()
                                    + "' is "
                                    + tensor.datatype()
                                    + ", which ONNX Runtime's Java API cannot pass to a model");
        };
    }

    /**
     * Copies an ONNX Runtime result into a Slipway tensor of {@code datatype}, which must be the
     * result's own element type.
     */
    static Tensor fromOnnx(String name, DataType datatype, OnnxTensor result) throws OrtException {
        DataType actual = OnnxSignatures.dataType(result.getInfo().onnxType).orElse(null);
        if (actual != datatype) {
            throw PredictionException.failure(
                    "output '"
                            + name
                            + "' is "
                            + result.getInfo().onnxType
                            + " but the signature declares "
                            + datatype,
                    null);
        }
        long[] shape = result.getInfo().getShape();
        return Tensor.of(name, datatype, shape, elements(datatype, shape, result));
    }

    /**
     * The getXBuffer() accessors return a fresh heap buffer copied out of native memory and sized
     * to the tensor, so its backing array is exactly the elements and can be kept without another
     * copy.
     */
    private static Object elements(DataType datatype, long[] shape, OnnxTensor result)
            throws OrtException {
        if (Shapes.elementCount(shape) == 0) {
            return Array.newInstance(datatype.storage().getComponentType(), 0);
        }
        return switch (datatype) {
            case BOOL -> {
                byte[] bytes = result.getByteBuffer().array();
                boolean[] values = new boolean[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    values[i] = bytes[i] != 0;
                }
                yield values;
            }
            case INT8, UINT8 -> result.getByteBuffer().array();
            // ONNX Runtime hands unsigned tensors out through their signed twin, bit for bit,
            // which is exactly Slipway's storage for them.
            case INT16, UINT16, FP16 -> result.getShortBuffer().array();
            case INT32, UINT32 -> result.getIntBuffer().array();
            case INT64, UINT64 -> result.getLongBuffer().array();
            case FP32 -> result.getFloatBuffer().array();
            case FP64 -> result.getDoubleBuffer().array();
            case BYTES -> utf8(result.getValue(), Math.toIntExact(Shapes.elementCount(shape)));
        };
    }

    /** ONNX string tensors hold Java Strings, so BYTES elements must be valid UTF-8. */
    private static String[] strings(Tensor tensor) {
        byte[][] elements = tensor.byteElements();
        String[] strings = new String[elements.length];
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < elements.length; i++) {
            try {
                CharBuffer chars = decoder.decode(ByteBuffer.wrap(elements[i]));
                strings[i] = chars.toString();
            } catch (CharacterCodingException e) {
                throw PredictionException.invalidInput(
                        "input '"
                                + tensor.name()
                                + "' element "
                                + i
                                + " is not valid UTF-8, which ONNX string tensors require");
            }
        }
        return strings;
    }

    /** Flattens the String, String[] or nested String[]...[] that getValue() returns, row-major. */
    private static byte[][] utf8(Object value, int count) {
        byte[][] elements = new byte[count][];
        int filled = flatten(value, elements, 0);
        if (filled != count) {
            throw PredictionException.failure(
                    "ONNX Runtime returned " + filled + " strings for " + count + " elements",
                    null);
        }
        return elements;
    }

    private static int flatten(Object value, byte[][] elements, int next) {
        if (value instanceof String string) {
            elements[next] = string.getBytes(StandardCharsets.UTF_8);
            return next + 1;
        }
        Object[] nested = (Object[]) value;
        for (Object item : nested) {
            next = flatten(item, elements, next);
        }
        return next;
    }
}
