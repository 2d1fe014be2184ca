package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokeCommandTest {

    private static final Path REQUEST = Path.of("../examples/wine-mlp-onnx/request.json");
    private static final Path ROWS = Path.of("../examples/wine-mlp-onnx/rows.csv");
    private static final String ANSWER =
            "{\"model_name\":\"wine\",\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,0]}]}";

    private final CannedServer server = CannedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheOipRequestAndPrettyPrintsTheAnswer() throws Exception {
        server.answer("POST", "/v2/models/wine/infer", 200, ANSWER);

        CommandRun run = against(server, "invoke", "wine", "--data", REQUEST.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("{" + System.lineSeparator() + "  \"model_name\" : \"wine\",");
        CannedServer.Request sent = server.only("POST", "/v2/models/wine/infer");
        assertThat(sent.body()).isEqualTo(Files.readAllBytes(REQUEST));
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void readsTheRequestFromStandardInput() {
        server.answer("POST", "/v2/models/wine/infer", 200, ANSWER);
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("{\"inputs\": []}".getBytes(StandardCharsets.UTF_8)));
        try {
            CommandRun run = against(server, "invoke", "wine", "--data", "-");
            assertThat(run.exitCode()).isZero();
        } finally {
            System.setIn(original);
        }
        assertThat(server.only("POST", "/v2/models/wine/infer").bodyText())
                .isEqualTo("{\"inputs\": []}");
    }

    @Test
    void takesTheRequestInlineOrFromAnAtFile() throws Exception {
        server.answer("POST", "/v2/models/wine/infer", 200, ANSWER);

        CommandRun inline = against(server, "invoke", "wine", "--data", "{\"inputs\": []}");
        CommandRun atFile = against(server, "invoke", "wine", "--data", "@" + REQUEST);

        assertThat(inline.exitCode()).as(inline.err()).isZero();
        assertThat(atFile.exitCode()).as(atFile.err()).isZero();
        assertThat(server.requests())
                .extracting(CannedServer.Request::bodyText)
                .containsExactly("{\"inputs\": []}", Files.readString(REQUEST));
    }

    @Test
    void sendsCsvToTheSageMakerStyleInvocations() throws Exception {
        server.answer("POST", "/endpoints/wine/invocations", 200, "[1, 0, 2]");

        CommandRun run = against(server, "invoke", "wine", "--csv", ROWS.toString());

        assertThat(run.exitCode()).isZero();
        CannedServer.Request sent = server.only("POST", "/endpoints/wine/invocations");
        assertThat(sent.header("Content-Type")).isEqualTo("text/csv");
        assertThat(sent.body()).isEqualTo(Files.readAllBytes(ROWS));
    }

    @Test
    void anErrorAnswerPrintsItsErrorFieldAndExitsOne() {
        server.answer(
                "POST",
                "/v2/models/wine/infer",
                400,
                "{\"error\": \"input 'input' has shape [2, 12] but the model expects [-1, 13]\"}");

        CommandRun run = against(server, "invoke", "wine", "--data", REQUEST.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: input 'input' has shape [2, 12] but the model expects [-1, 13]"
                                + System.lineSeparator());
    }

    @Test
    void aFileThatIsNotJsonIsRejectedBeforeSending(@TempDir Path directory) throws Exception {
        Path broken = Files.writeString(directory.resolve("request.json"), "{\"inputs\": [");

        CommandRun run = against(server, "invoke", "wine", "--data", broken.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: " + broken + ": invalid JSON");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void needsExactlyOneBody() {
        assertThat(against(server, "invoke", "wine").exitCode()).isEqualTo(2);
        CommandRun both =
                against(
                        server,
                        "invoke",
                        "wine",
                        "--data",
                        REQUEST.toString(),
                        "--csv",
                        ROWS.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
