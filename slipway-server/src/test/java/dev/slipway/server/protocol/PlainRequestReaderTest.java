package dev.slipway.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.core.error.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain-form reader against the general (Jackson) path: whenever it answers, it answers what
 * the general path answers, and it leaves to the general path whatever it does not handle, valid or
 * broken.
 */
class PlainRequestReaderTest {
    private static final String XGBOOST_ROW =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":["
                    + "13.819999694824219,24.489999771118164,92.33000183105469,595.9000244140625,"
                    + "0.11620000004768372,0.1680999994277954,0.13570000231266022,0.06758999824523926,"
                    + "0.22750000655651093,0.0723700001835823,0.47510001063346863,1.527999997138977,"
                    + "2.9739999771118164,39.04999923706055,0.009680000133812428,0.03855999931693077,"
                    + "0.0347599983215332,0.01616000011563301,0.02434000000357628,0.006994999945163727,"
                    + "16.010000228881836,32.939998626708984,106.0,788.0,0.1793999969959259,"
                    + "0.39660000801086426,0.33809998631477356,0.15209999680519104,0.3650999963283539,"
                    + "0.11829999834299088]}]}";

    /** Bodies in the plain form: the reader must answer each, as the general path does. */
    private static final List<String> PLAIN =
            List.of(
                    XGBOOST_ROW,
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2]}]}",
                    " {\n \"id\" : \"req-7\" ,\r\n\t\"inputs\" : [ { \"datatype\" : \"FP64\" , \"shape\" : [ 2 ] ,"
                            + " \"data\" : [ 1 , -2.5e-3 ] , \"name\" : \"x\" }"
                            + " ] }  ",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"fp32\",\"shape\":[2,2],"
                            + "\"data\":[[1.5,-0.0],[1E+2,3e-46]]}],\"id\":\"\"}",
                    "{\"inputs\":[{\"datatype\":\"INT64\",\"name\":\"a\",\"data\":[-9,0,123456789012345678],"
                            + "\"shape\":[3]},{\"name\":\"b\",\"datatype\":\"BOOL\",\"shape\":[1,2],"
                            + "\"data\":[[true,false]]}]}",
                    "{\"inputs\":[{\"name\":\"i8\",\"datatype\":\"INT8\",\"shape\":[2],\"data\":[-128,127]},"
                            + "{\"name\":\"u8\",\"datatype\":\"UINT8\",\"shape\":[2],\"data\":[0,255]},"
                            + "{\"name\":\"i16\",\"datatype\":\"INT16\",\"shape\":[2],\"data\":[-32768,32767]},"
                            + "{\"name\":\"u16\",\"datatype\":\"UINT16\",\"shape\":[1],\"data\":[65535]},"
                            + "{\"name\":\"i32\",\"datatype\":\"INT32\",\"shape\":[2],"
                            + "\"data\":[-2147483648,2147483647]},"
                            + "{\"name\":\"u32\",\"datatype\":\"UINT32\",\"shape\":[1],\"data\":[4294967295]},"
                            + "{\"name\":\"u64\",\"datatype\":\"UINT64\",\"shape\":[1],\"data\":[7]}]}",
                    "{\"inputs\":[{\"name\":\"empty\",\"datatype\":\"FP32\",\"shape\":[0,3],\"data\":[]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[],\"data\":[[[0.1]]]}]}");

    /** Bodies the reader leaves to the general path: other fields, other forms, and mistakes. */
    private static final List<String> GENERAL =
            List.of(
                    // Valid, but not the plain form.
                    "{\"parameters\":{\"a\":1},\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\","
                            + "\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                            + "\"outputs\":[{\"name\":\"y\"}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"data\":[1],\"datatype\":\"FP32\"}]}",
                    "{\"inputs\":[{\"name\":\"x\\u00e9\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\u00e9\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[NaN]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP16\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"a\"]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],"
                            + "\"parameters\":{}}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],"
                            + "\"extra\":null}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":["
                            + "1".repeat(70)
                            + "]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT64\",\"shape\":[1],"
                            + "\"data\":[1234567890123456789]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":"
                            + "[".repeat(40)
                            + "1"
                            + "]".repeat(40)
                            + "}]}",
                    // Broken: the general path names the problem.
                    "",
                    "{}",
                    "{\"inputs\":[]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[01]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[.5]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[+1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1,]}]}",
                    // A shape that promises more elements than the body can hold allocates no more.
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP64\",\"shape\":[1000000000,1000],"
                            + "\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1.0],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP33\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT8\",\"shape\":[1],\"data\":[128]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"UINT64\",\"shape\":[1],\"data\":[-1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[1.5]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]} x",
                    "{\"inputs\":[{\"name\":\"x\",\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1],"
                            + "\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":7,\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]",
                    "[]");

    @Test
    void readsThePlainFormAsTheGeneralPathDoes() {
        for (String body : PLAIN) {
            InferenceRequest plain = plain(body);
            assertThat(plain).as(body).isNotNull();
            assertThat(plain).as(body).isEqualTo(general(body));
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralPath() {
        for (String body : GENERAL) {
            assertThat(plain(body)).as(body).isNull();
        }
    }

    @Test
    void answersWhatTheGeneralPathAnswersForNeighboursOfValidBodies() {
        // Every body one random edit away from a plain one: where the reader answers, the general
        // path must accept the body and decode the same request.
        Random random = new Random(17);
        String alphabet = "{}[],:\"-+.eE0123456789 \\ntfalsrueNaI\u00e9";
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder body = new StringBuilder(PLAIN.get(random.nextInt(PLAIN.size())));
            int at = random.nextInt(body.length() + 1);
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> body.insert(at, c);
                case 1 -> body.deleteCharAt(Math.min(at, body.length() - 1));
                default -> body.setCharAt(Math.min(at, body.length() - 1), c);
            }
            InferenceRequest plain = plain(body.toString());
            if (plain != null) {
                answered++;
                assertThat(plain).as(body.toString()).isEqualTo(general(body.toString()));
            }
        }
        // Most edits of digits and spaces keep a body valid: the reader must still answer those.
        assertThat(answered).isGreaterThan(2_000);
    }

    @Test
    void roundsNumbersAsTheGeneralPathDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            String number = randomNumber(random);
            for (String datatype : List.of("FP32", "FP64")) {
                String body =
                        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\""
                                + datatype
                                + "\",\"shape\":[1],\"data\":["
                                + number
                                + "]}]}";
                InferenceRequest plain = plain(body);
                assertThat(plain).as(body).isNotNull().isEqualTo(general(body));
            }
        }
    }

    /** Shortest and long forms of random floats and doubles, and random digit strings. */
    private static String randomNumber(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> json(Float.toString(Float.intBitsToFloat(random.nextInt())));
            case 1 -> json(Double.toString(Float.intBitsToFloat(random.nextInt())));
            case 2 -> json(Double.toString(Double.longBitsToDouble(random.nextLong())));
            default -> {
                StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
                digits.append(1 + random.nextInt(9));
                int count = random.nextInt(25);
                int point = random.nextInt(count + 1);
                for (int n = 0; n < count; n++) {
                    digits.append(n == point ? "." : "").append(random.nextInt(10));
                }
                yield digits + "e" + (random.nextInt(90) - 45);
            }
        };
    }

    /** Java's spelling as JSON: no NaN or Infinity (left out), and "1.0E10" is already JSON. */
    private static String json(String java) {
        return java.contains("N") || java.contains("I") ? "0.5" : java;
    }

    private static InferenceRequest plain(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return PlainRequestReader.read(bytes, bytes.length);
    }

    private static InferenceRequest general(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            return InferRequestDecoder.parseWithJackson(bytes, bytes.length, null);
        } catch (SlipwayException e) {
            return fail("the general path refuses what the plain reader read: " + e.getMessage());
        }
    }
}
