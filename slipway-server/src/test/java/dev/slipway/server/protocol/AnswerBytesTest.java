package dev.slipway.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Answers are written straight into bytes (ADR 18); they must be exactly the bytes Jackson's
 * generator, configured as {@link Json#FACTORY}, writes for the same answer. The oracle below is
 * the generator-based writer the answers used before.
 */
class AnswerBytesTest {
    private static final DataType[] TYPES = DataType.values();

    private final Random random = new Random(18);

    @Test
    void randomAnswersAreJacksonsBytes() throws IOException {
        for (int n = 0; n < 3_000; n++) {
            List<Tensor> outputs = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                outputs.add(randomTensor());
            }
            String id = random.nextInt(3) == 0 ? null : randomString();
            String model = randomString();
            int version = random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(20);
            byte[] answer =
                    InferResponseEncoder.encode(
                            model, version, id, new PredictResult(outputs), List.of());
            assertThat(new String(answer, StandardCharsets.UTF_8))
                    .isEqualTo(
                            new String(
                                    jackson(model, version, id, outputs), StandardCharsets.UTF_8));
        }
    }

    @Test
    void binaryReferencesAreJacksonsBytes() throws IOException {
        Tensor probabilities =
                Tensor.ofFloats("p", new long[] {1, 3}, new float[] {0.1f, 0.2f, 0.7f});
        Tensor label = Tensor.ofLongs("label", new long[] {1}, new long[] {2});
        ResponseBody body =
                InferResponseEncoder.encode(
                        "wine",
                        1,
                        "r-1",
                        PredictResult.of(probabilities, label),
                        List.of(),
                        new BinaryOutputs(false, Map.of("p", true)));

        String json = new String(body.bytes(), 0, body.jsonLength(), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"model_name\":\"wine\",\"model_version\":\"1\",\"id\":\"r-1\",\"outputs\":["
                                + "{\"name\":\"p\",\"datatype\":\"FP32\",\"shape\":[1,3],"
                                + "\"parameters\":{\"binary_data_size\":12}},"
                                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[2]}]}");
        assertThat(body.bytes()).hasSize(body.jsonLength() + 12);
    }

    @Test
    void tensorsInJacksonDocumentsAreSeparatedAsValues() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartArray();
            TensorJsonWriter.write(json, Tensor.ofInts("a", new long[] {1}, new int[] {1}));
            TensorJsonWriter.write(json, Tensor.ofStrings("ü", new long[] {1}, "\"x\""));
            json.writeEndArray();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "[{\"name\":\"a\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[1]},"
                                + "{\"name\":\"ü\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"\\\"x\\\"\"]}]");
    }

    private Tensor randomTensor() {
        DataType type = TYPES[random.nextInt(TYPES.length)];
        int size = random.nextInt(6);
        long[] shape = random.nextBoolean() ? new long[] {size} : new long[] {1, size};
        String name = randomString();
        Object data =
                switch (type) {
                    case BOOL -> {
                        boolean[] values = new boolean[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = random.nextBoolean();
                        }
                        yield values;
                    }
                    case INT8, UINT8 -> {
                        byte[] values = new byte[size];
                        random.nextBytes(values);
                        yield values;
                    }
                    case INT16, UINT16, FP16 -> {
                        short[] values = new short[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = (short) random.nextInt();
                        }
                        yield values;
                    }
                    case INT32, UINT32 -> random.ints(size).toArray();
                    case INT64, UINT64 -> random.longs(size).toArray();
                    case FP32 -> {
                        float[] values = new float[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = randomFloat();
                        }
                        yield values;
                    }
                    case FP64 -> {
                        double[] values = new double[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = randomDouble();
                        }
                        yield values;
                    }
                    case BYTES -> {
                        byte[][] values = new byte[size][];
                        for (int i = 0; i < size; i++) {
                            values[i] = randomString().getBytes(StandardCharsets.UTF_8);
                        }
                        yield values;
                    }
                };
        return Tensor.of(name, type, shape, data);
    }

    private float randomFloat() {
        return switch (random.nextInt(6)) {
            case 0 ->
                    Float.intBitsToFloat(random.nextInt()); // any bits: NaN, infinities, subnormals
            case 1 -> random.nextFloat();
            case 2 -> (float) random.nextGaussian() * 1e6f;
            case 3 -> random.nextInt(1000);
            case 4 ->
                    new float[] {0f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE}
                            [random.nextInt(5)];
            default -> random.nextFloat() * 1e-30f;
        };
    }

    private double randomDouble() {
        return switch (random.nextInt(5)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextDouble();
            case 2 -> random.nextGaussian() * 1e12;
            case 3 ->
                    new double[] {-0d, Double.POSITIVE_INFINITY, Double.MIN_VALUE}
                            [random.nextInt(3)];
            default -> random.nextInt(100);
        };
    }

    /** Mostly plain names, sometimes quotes, backslashes, control characters and non-ASCII. */
    private String randomString() {
        String alphabet = "abcXYZ09_-. ";
        String unusual = "\"\\\n\t\u0001\u001f\u007fü🚢€/";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        boolean plain = random.nextInt(3) != 0;
        for (int i = 0; i < length; i++) {
            String from = plain || random.nextInt(3) != 0 ? alphabet : unusual;
            int at = random.nextInt(from.length());
            if (Character.isHighSurrogate(from.charAt(at))) {
                text.append(from, at, at + 2);
            } else if (Character.isLowSurrogate(from.charAt(at))) {
                text.append(from, at - 1, at + 1);
            } else {
                text.append(from.charAt(at));
            }
        }
        return text.toString();
    }

    /** The answer as the generator-based writer wrote it. */
    private static byte[] jackson(String model, int version, String id, List<Tensor> outputs)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model_name", model);
            json.writeStringField("model_version", Integer.toString(version));
            if (id != null) {
                json.writeStringField("id", id);
            }
            json.writeArrayFieldStart("outputs");
            for (Tensor tensor : outputs) {
                json.writeStartObject();
                json.writeStringField("name", tensor.name());
                json.writeStringField("datatype", tensor.datatype().name());
                json.writeArrayFieldStart("shape");
                for (long dimension : tensor.shape()) {
                    json.writeNumber(dimension);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("data");
                writeData(json, tensor);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void writeData(JsonGenerator json, Tensor tensor) throws IOException {
        switch (tensor.datatype()) {
            case FP32 -> {
                for (float value : tensor.floats()) {
                    json.writeNumber(value);
                }
            }
            case FP64 -> {
                for (double value : tensor.doubles()) {
                    json.writeNumber(value);
                }
            }
            case FP16 -> {
                for (short value : tensor.shorts()) {
                    json.writeNumber(Float.float16ToFloat(value));
                }
            }
            case INT64 -> {
                for (long value : tensor.longs()) {
                    json.writeNumber(value);
                }
            }
            case UINT64 -> {
                for (long value : tensor.longs()) {
                    json.writeNumber(new java.math.BigInteger(Long.toUnsignedString(value)));
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
            default -> {
                for (int i = 0; i < tensor.elementCount(); i++) {
                    json.writeNumber((long) tensor.getAsDouble(i));
                }
            }
        }
    }
}
