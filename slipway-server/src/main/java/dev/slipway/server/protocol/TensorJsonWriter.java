package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tensor as an OIP v2 tensor object with flat {@code data}: straight into bytes for
 * answers (ADR 18), or into a Jackson document (golden files, captures) as the same bytes.
 * Stateless.
 */
public final class TensorJsonWriter {
    // Names and datatypes quoted and encoded once, with the punctuation around them.
    private static final byte[] NAME = ascii("{\"name\":");
    private static final byte[] DATATYPE = ascii(",\"datatype\":");
    private static final byte[] SHAPE = ascii(",\"shape\":[");
    private static final byte[] DATA = ascii("],\"data\":[");
    private static final byte[] BINARY_DATA_SIZE =
            ascii("],\"parameters\":{\"" + BinaryTensorData.BINARY_DATA_SIZE + "\":");
    private static final byte[][] DATATYPES = new byte[DataType.values().length][];

    static {
        for (DataType type : DataType.values()) {
            DATATYPES[type.ordinal()] = ascii('"' + type.name() + '"');
        }
    }

    private TensorJsonWriter() {}

    /** Writes the tensor as one value of a Jackson document, e.g. an element of an array. */
    public static void write(JsonGenerator json, Tensor tensor) throws IOException {
        JsonBytes bytes = new JsonBytes(128);
        write(bytes, tensor);
        json.writeRawValue(new String(bytes.toByteArray(0), StandardCharsets.UTF_8));
    }

    static void write(JsonBytes json, Tensor tensor) {
        writeDescription(json, tensor);
        json.raw(DATA);
        writeData(json, tensor);
        json.raw(']').raw('}');
    }

    /**
     * Writes a tensor whose elements follow the JSON as binary tensor data: no {@code data}, and
     * its size in {@code parameters.binary_data_size}.
     */
    static void writeBinaryReference(JsonBytes json, Tensor tensor, long size) {
        writeDescription(json, tensor);
        json.raw(BINARY_DATA_SIZE).number(size).raw('}').raw('}');
    }

    private static void writeDescription(JsonBytes json, Tensor tensor) {
        json.raw(NAME).string(tensor.name());
        json.raw(DATATYPE).raw(DATATYPES[tensor.datatype().ordinal()]);
        json.raw(SHAPE);
        long[] shape = tensor.shape();
        for (int i = 0; i < shape.length; i++) {
            comma(json, i).number(shape[i]);
        }
    }

    private static void writeData(JsonBytes json, Tensor tensor) {
        int count = tensor.elementCount();
        switch (tensor.datatype()) {
            case FP32 -> {
                float[] values = tensor.floats();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).number(values[i]);
                }
            }
            case FP64 -> {
                double[] values = tensor.doubles();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).number(values[i]);
                }
            }
            case FP16 -> {
                short[] values = tensor.shorts();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).number(Float.float16ToFloat(values[i]));
                }
            }
            case INT64 -> {
                long[] values = tensor.longs();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).number(values[i]);
                }
            }
            case UINT64 -> {
                long[] values = tensor.longs();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).ascii(Long.toUnsignedString(values[i]));
                }
            }
            case INT32 -> {
                int[] values = tensor.ints();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).number(values[i]);
                }
            }
            case BOOL -> {
                boolean[] values = tensor.booleans();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).bool(values[i]);
                }
            }
            case BYTES -> {
                byte[][] values = tensor.byteElements();
                for (int i = 0; i < values.length; i++) {
                    comma(json, i).string(new String(values[i], StandardCharsets.UTF_8));
                }
            }
            case INT8, UINT8, INT16, UINT16, UINT32 -> {
                for (int i = 0; i < count; i++) {
                    comma(json, i).number((long) tensor.getAsDouble(i));
                }
            }
        }
    }

    private static JsonBytes comma(JsonBytes json, int index) {
        return index == 0 ? json : json.raw(',');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
