package dev.slipway.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.TestServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OIP v2 REST details and every kind of bad input, against real models over loopback. */
class OipProtocolIT {
    /** Two rows of wine features (the first two rows of the example's request.json). */
    static final String WINE_ROWS =
            "[13.05,1.77,2.1,17.0,107.0,3.0,3.0,0.28,2.03,5.04,0.88,3.35,885.0,"
                    + "12.2,3.03,2.32,19.0,96.0,1.25,0.49,0.4,0.73,5.5,0.66,1.83,510.0]";

    @TempDir static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.deployExample("wine", "wine-mlp-onnx", "model.onnx", "onnx");
        server.deployExample("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String wineRequest(String extra) {
        return "{"
                + extra
                + "\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,13],\"data\":"
                + WINE_ROWS
                + "}]}";
    }

    private static TestServer.Response infer(String endpoint, String body) {
        return server.post("/v2/models/" + endpoint + "/infer", body);
    }

    @Test
    void echoesTheIdAndNamesTheServedVersion() {
        JsonNode response = infer("wine", wineRequest("\"id\":\"req-42\",")).json();

        assertThat(response.get("id").asText()).isEqualTo("req-42");
        assertThat(response.get("model_name").asText()).isEqualTo("wine");
        assertThat(response.get("model_version").asText()).isEqualTo("1");
        assertThat(response.get("outputs")).hasSize(2);
    }

    @Test
    void returnsOnlyTheRequestedOutputs() {
        JsonNode outputs =
                infer("wine", wineRequest("\"outputs\":[{\"name\":\"label\"}],"))
                        .json()
                        .get("outputs");

        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).get("name").asText()).isEqualTo("label");
        assertThat(outputs.get(0).get("datatype").asText()).isEqualTo("INT64");
        assertThat(outputs.get(0).get("shape").toString()).isEqualTo("[2]");
    }

    @Test
    void acceptsNestedDataParametersAndAnyFieldOrder() {
        JsonNode flat = infer("wine", wineRequest("")).json().get("outputs");
        String nested =
                WINE_ROWS
                        .replace(",12.2,", "],[12.2,")
                        .replace("[13.05", "[[13.05")
                        .replace("510.0]", "510.0]]");
        String reordered =
                "{\"parameters\":{\"trace\":true,\"priority\":2},\"inputs\":[{\"data\":"
                        + nested
                        + ",\"parameters\":{\"note\":\"x\"},\"shape\":[2,13],\"name\":\"input\",\"datatype\":\"FP32\"}]}";

        TestServer.Response response = infer("wine", reordered);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("outputs")).isEqualTo(flat);
    }

    @Test
    void versionPathServesOnlyTheServedVersion() {
        assertThat(server.post("/v2/models/wine/versions/1/infer", wineRequest("")).status())
                .isEqualTo(200);
        TestServer.Response wrong =
                server.post("/v2/models/wine/versions/7/infer", wineRequest(""));
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.json().get("error").asText()).contains("serves version 1, not 7");
    }

    @Test
    void xgboostTakesNaNAsMissingValues() {
        StringBuilder row = new StringBuilder("NaN");
        for (int i = 1; i < 30; i++) {
            row.append(",").append(i % 3);
        }
        String body =
                "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":["
                        + row
                        + "]}]}";

        TestServer.Response response = infer("breast-cancer", body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void badInputGetsA4xxNamingTheProblem() {
        assertError(infer("wine", "{\"inputs\": [ {\"name\": "), 400, "malformed JSON");
        assertError(infer("wine", ""), 400, "request body is empty");
        assertError(infer("wine", "[]"), 400, "must be a JSON object");
        assertError(infer("nope", wineRequest("")), 404, "endpoint 'nope' does not exist");
        assertError(infer("wine", "{\"id\":\"x\"}"), 400, "no 'inputs'");
        assertError(
                infer(
                        "wine",
                        wineRequest("").replace("\"name\":\"input\"", "\"name\":\"features\"")),
                400,
                "unknown input 'features' (model inputs: input)");
        assertError(
                infer("wine", wineRequest("").replace("FP32", "FP64")),
                400,
                "input 'input' has datatype FP64, the model expects FP32");
        assertError(
                infer("wine", wineRequest("").replace("FP32", "FLOAT32")),
                400,
                "unknown datatype 'FLOAT32'");
        assertError(
                infer("wine", wineRequest("").replace("[2,13]", "[1,26]")),
                400,
                "input 'input' has shape [1, 26], the model expects [-1, 13]");
        assertError(
                infer("wine", wineRequest("").replace("[2,13]", "[3,13]")),
                400,
                "shape [3, 13], which needs 39 elements, but data has 26");
        assertError(
                infer("wine", wineRequest("").replace("13.05", "NaN")),
                400,
                "input 'input' element 0 is NaN, which this model does not accept");
        assertError(
                infer("wine", wineRequest("").replace("13.05", "\"13.05\"")),
                400,
                "input 'input' element 0 must be a number for datatype FP32, got a string");
        assertError(
                infer("wine", wineRequest("\"outputs\":[{\"name\":\"logits\"}],")),
                400,
                "unknown output 'logits' requested (model outputs: probabilities, label)");
        assertError(
                infer("wine", wineRequest("").replace("\"shape\":[2,13],", "")),
                400,
                "has no 'shape'");
        assertError(
                server.post("/v2/models/wine/infer", "text/plain", "hello".getBytes()),
                400,
                "malformed JSON");

        assertThat(infer("wine", wineRequest("")).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIsRefusedWith413AndTheServerKeepsServing() {
        String padding = "1.0,".repeat(1_700_000);
        String body =
                "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,13],\"data\":["
                        + padding
                        + "1.0]}]}";
        assertThat(body.length()).isGreaterThan(6 * 1024 * 1024);

        assertError(infer("wine", body), 413, "larger than the limit of 6291456 bytes");
        assertThat(infer("wine", wineRequest("")).status()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyIsReadWholeAndRefusedWith413OnceItPassesTheLimit() {
        byte[] fits = wineRequest("").getBytes(StandardCharsets.UTF_8);
        assertThat(chunked("/v2/models/wine/infer", fits, 7).status()).isEqualTo(200);

        byte[] tooLarge = new byte[6 * 1024 * 1024 + 1];
        Arrays.fill(tooLarge, (byte) ' ');
        assertError(
                chunked("/v2/models/wine/infer", tooLarge, 64 * 1024),
                413,
                "larger than the limit of 6291456 bytes");
        assertThat(chunked("/endpoints/wine/invocations", tooLarge, 64 * 1024).status())
                .isEqualTo(413);

        assertThat(infer("wine", wineRequest("")).status()).isEqualTo(200);
    }

    @Test
    void aBodyLargerThanWhatIsPreallocatedArrivesWhole() {
        String request = wineRequest("");
        String padded =
                request.substring(0, request.length() - 1)
                        + " ".repeat(3 * BoundedBody.PREALLOCATE_AT_MOST)
                        + "}";

        JsonNode response = infer("wine", padded).json();

        assertThat(response.get("outputs")).hasSize(2);
        assertThat(
                        chunked(
                                        "/v2/models/wine/infer",
                                        padded.getBytes(StandardCharsets.UTF_8),
                                        5000)
                                .status())
                .isEqualTo(200);
    }

    /**
     * POSTs {@code body} from a stream, which the JDK client sends with chunked transfer encoding
     * (no Content-Length), {@code piece} bytes per read at most.
     */
    private static TestServer.Response chunked(String path, byte[] body, int piece) {
        return server.send(
                server.request(path)
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new PieceStream(body, piece)))
                        .build());
    }

    /** Gives at most {@code piece} bytes per read, so that the body goes in several chunks. */
    private static final class PieceStream extends ByteArrayInputStream {
        private final int piece;

        PieceStream(byte[] body, int piece) {
            super(body);
            this.piece = piece;
        }

        @Override
        public synchronized int read(byte[] into, int offset, int length) {
            return super.read(into, offset, Math.min(piece, length));
        }
    }

    @Test
    void aClientThatExpects100ContinueIsToldToSendItsBody() throws IOException {
        byte[] body = wineRequest("").getBytes(StandardCharsets.UTF_8);
        URI url = URI.create(server.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000); // without the 100 the server would wait for the body
            OutputStream out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(
                    ("POST /v2/models/wine/infer HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Type: application/json\r\n"
                                    + "Expect: 100-continue\r\nContent-Length: "
                                    + body.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            String status = in.readLine();
            while (status != null && status.isEmpty()) {
                status = in.readLine(); // the blank line that ends the 100
            }
            assertThat(status).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void anotherMethodOnAnInferencePathIsA405InTheApisOwnErrorBody() {
        TestServer.Response oip = server.get("/v2/models/wine/infer");
        assertError(oip, 405, "GET is not allowed on /v2/models/wine/infer");
        assertThat(oip.headers().firstValue("allow")).hasValue("POST");

        TestServer.Response sagemaker = server.get("/endpoints/wine/invocations");
        assertThat(sagemaker.status()).isEqualTo(405);
        assertThat(sagemaker.json().get("message").asText()).contains("GET is not allowed");
    }

    @Test
    void aPercentEscapedEndpointNameIsTheSameEndpoint() {
        assertThat(infer("%77ine", wineRequest("")).json().get("model_name").asText())
                .isEqualTo("wine");
    }

    @Test
    void errorsHaveOnlyTheErrorFieldAsOipSays() {
        JsonNode error = infer("wine", "{").json();

        Iterator<String> fields = error.fieldNames();
        assertThat(fields.next()).isEqualTo("error");
        assertThat(fields.hasNext()).isFalse();
    }

    @Test
    void metricsCountRequestsErrorsAndLatencyPerEndpoint() {
        infer("wine", wineRequest(""));
        infer("wine", "{");
        infer("made-up-" + System.nanoTime(), wineRequest(""));

        String metrics = server.get("/metrics").body();

        assertThat(metrics)
                .containsPattern(
                        "slipway_requests_total\\{endpoint=\"wine\",protocol=\"oip\"} [1-9]");
        assertThat(metrics)
                .containsPattern(
                        "slipway_request_errors_total\\{endpoint=\"wine\",protocol=\"oip\"} [1-9]");
        assertThat(metrics)
                .contains(
                        "slipway_request_duration_seconds_bucket{endpoint=\"wine\",protocol=\"oip\",le=");
        assertThat(metrics).contains("endpoint=\"_unknown\"").doesNotContain("made-up-");
    }

    static void assertError(TestServer.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).contains(message);
    }
}
