package dev.slipway.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a tensor as an OIP v2 tensor object with flat {@code data}. Stateless. */
public final class TensorJsonWriter {
    // Names and datatypes quoted and encoded once: Jackson copies such a string's bytes instead of
    // checking each character for escapes on every answer.
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString DATATYPE = new SerializedString("datatype");
    private static final SerializableString SHAPE = new SerializedString("shape");
    private static final SerializableString DATA = new SerializedString("data");
    private static final SerializableString[] DATATYPES =
            new SerializableString[DataType.values().length];

    static {
        for (DataType type : DataType.values()) {
            DATATYPES[type.ordinal()] = new SerializedString(type.name());
        }
    }

    private TensorJsonWriter() {}

    public static void write(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeStartObject();
        writeDescription(json, tensor);
        json.writeFieldName(DATA);
        writeData(json, tensor);
        json.writeEndObject();
    }

    /**
     * Writes a tensor whose elements follow the JSON as binary tensor data: no {@code data}, and
     * its size in {@code parameters.binary_data_size}.
     */
    public static void writeBinaryReference(JsonGenerator json, Tensor tensor, long size)
            throws IOException {
        json.writeStartObject();
        writeDescription(json, tensor);
        json.writeObjectFieldStart("parameters");
        json.writeNumberField(BinaryTensorData.BINARY_DATA_SIZE, size);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeDescription(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeFieldName(NAME);
        json.writeString(tensor.name());
        json.writeFieldName(DATATYPE);
        json.writeString(DATATYPES[tensor.datatype().ordinal()]);
        json.writeFieldName(SHAPE);
        json.writeStartArray();
        for (long dimension : tensor.shape()) {
            json.writeNumber(dimension);
        }
        json.writeEndArray();
    }

    public static void writeData(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeStartArray();
        int count = tensor.elementCount();
        switch (tensor.datatype()) {
            case FP32 -> {
                float[] values = tensor.floats();
                for (float value : values) {
                    json.writeNumber(value);
                }
            }
            case FP64 -> {
                double[] values = tensor.doubles();
                for (double value : values) {
                    json.writeNumber(value);
                }
            }
            case FP16 -> {
                short[] values = tensor.shorts();
                for (short value : values) {
                    json.writeNumber(Float.float16ToFloat(value));
                }
            }
            case INT64 -> {
                long[] values = tensor.longs();
                for (long value : values) {
                    json.writeNumber(value);
                }
            }
            case UINT64 -> {
                long[] values = tensor.longs();
                for (long value : values) {
                    if (value >= 0) {
                        json.writeNumber(value);
                    } else {
                        json.writeNumber(new java.math.BigInteger(Long.toUnsignedString(value)));
                    }
                }
            }
            case INT32 -> {
                for (int value : tensor.ints()) {
                    json.writeNumber(value);
                }
            }
            case BOOL -> {
                for (boolean value : tensor.booleans()) {
                    json.writeBoolean(value);
                }
            }
            case BYTES -> {
                for (byte[] value : tensor.byteElements()) {
                    json.writeString(new String(value, StandardCharsets.UTF_8));
                }
            }
            case INT8, UINT8, INT16, UINT16, UINT32 -> {
                for (int i = 0; i < count; i++) {
                    json.writeNumber((long) tensor.getAsDouble(i));
                }
            }
        }
        json.writeEndArray();
    }
}
