package dev.slipway.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.TestServer;
import dev.slipway.server.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch jobs over HTTP against a real server with the breast-cancer XGBoost example: inputs of
 * every shape, ids carried, order kept, predictions equal to the endpoint's own, bad rows, the
 * error ratio, cancel, and paths that try to leave the jobs root.
 */
class BatchJobIT {
    @TempDir static Path dataDir;
    @TempDir static Path outside;
    static TestServer server;
    static Path root;

    /** 300 rows of 30 features (the example's shadow requests), as float32 values. */
    static List<double[]> rows;

    /** What the endpoint answers for {@link #rows}, over OIP. */
    static double[] expected;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dataDir);
        root = Files.createDirectories(dataDir.resolve("files"));
        server.deployExample("cancer", "breast-cancer-xgboost", "model.json", "xgboost");
        server.registerEcho("echo", 1.0, -1, 20);
        rows = new ArrayList<>();
        for (String line :
                Files.readAllLines(
                        TestServer.EXAMPLES.resolve(
                                "breast-cancer-xgboost/shadow-requests.jsonl"))) {
            JsonNode data = Json.MAPPER.readTree(line).at("/inputs/0/data");
            double[] row = new double[30];
            for (int i = 0; i < 30; i++) {
                row[i] = data.get(i).asDouble();
            }
            rows.add(row);
        }
        expected = predictOverOip(rows);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDirectoryOfCsvFilesWithHeadersThroughTheModelsOwnCopies() throws IOException {
        Path input = Files.createDirectories(root.resolve("cancer-dir"));
        Files.writeString(input.resolve("part-1.csv"), csv(true, 0, 150));
        Files.writeString(input.resolve("part-2.csv"), csv(true, 150, 300));
        Files.writeString(input.resolve(".hidden.csv"), "not,read\n");

        JsonNode job =
                run(
                        "{\"name\":\"cancer-dir\",\"target\":\"cancer:1\",\"input\":\"cancer-dir\","
                                + "\"output\":\"out/cancer-dir.csv\",\"idColumn\":\"id\",\"parallelism\":3,"
                                + "\"miniBatch\":16,\"shardRows\":40}");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("version").asText()).isEqualTo("cancer:1");
        assertThat(job.get("rowsTotal").asLong()).isEqualTo(300);
        assertThat(job.get("rowsDone").asLong()).isEqualTo(300);
        assertThat(job.get("rowsFailed").asLong()).isZero();
        assertThat(job.get("shardsTotal").asInt()).isEqualTo(8); // 4 per file of 150 rows
        assertThat(job.get("output").asText())
                .isEqualTo(root.resolve("out/cancer-dir.csv").toRealPath().toString());
        List<String> lines = Files.readAllLines(Path.of(job.get("output").asText()));
        assertThat(lines.getFirst()).isEqualTo("id,probability");
        assertPredictions(lines.subList(1, lines.size()), "p-", 0, 300);
        assertThat(Files.readAllLines(Path.of(job.get("errors").asText())))
                .containsExactly("row,file,line,id,reason");
        assertThat(server.get("/api/v1/jobs/" + job.get("id") + "/shards").json().get("shards"))
                .allMatch(shard -> shard.get("attempts").asInt() == 1);
        assertThat(server.get("/api/v1/jobs?name=cancer-dir").json().get("jobs")).hasSize(1);
    }

    @Test
    void aHeaderlessCsvThroughTheEndpointNumbersItsRows() throws IOException {
        Files.writeString(root.resolve("plain.csv"), csv(false, 0, 50));

        JsonNode job =
                run(
                        "{\"target\":\"cancer\",\"input\":\"plain.csv\",\"output\":\"plain-out.csv\","
                                + "\"miniBatch\":7,\"shardRows\":20}");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("version").isNull()).isTrue();
        List<String> lines = Files.readAllLines(Path.of(job.get("output").asText()));
        assertThat(lines.getFirst()).isEqualTo("row,probability");
        assertPredictions(lines.subList(1, lines.size()), "", 0, 50);
    }

    @Test
    void jsonLinesOfObjectsAndOfArraysCarryTheirIds() throws IOException {
        StringBuilder objects = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            ObjectNode object = Json.MAPPER.createObjectNode();
            object.put("key", "k" + i);
            object.put("note", "ignored");
            ArrayNode values = object.putArray("input");
            ArrayNode array = Json.MAPPER.createArrayNode();
            array.add(i);
            for (double value : rows.get(i)) {
                values.add(value);
                array.add(value);
            }
            objects.append(object).append('\n');
            arrays.append(array).append('\n');
        }
        Files.writeString(root.resolve("objects.jsonl"), objects);
        Files.writeString(root.resolve("arrays.jsonl"), arrays);

        JsonNode fromObjects =
                run(
                        "{\"target\":\"cancer@champion-less\",\"input\":\"objects.jsonl\",\"output\":\"objects-out.jsonl\"}",
                        404);
        assertThat(fromObjects.get("code").asText()).isEqualTo("ALIAS_NOT_FOUND");
        JsonNode objectsJob =
                run(
                        "{\"target\":\"cancer:1\",\"input\":\"objects.jsonl\",\"output\":\"objects-out.jsonl\","
                                + "\"idColumn\":\"key\",\"miniBatch\":8,\"shardRows\":15}");
        JsonNode arraysJob =
                run(
                        "{\"target\":\"cancer:1\",\"input\":\"arrays.jsonl\",\"output\":\"arrays-out.jsonl\","
                                + "\"idColumn\":1,\"format\":\"jsonl\"}");

        assertThat(objectsJob.get("state").asText())
                .as(objectsJob.toString())
                .isEqualTo("succeeded");
        assertThat(objectsJob.get("format").asText()).isEqualTo("jsonl");
        List<String> fromObjectLines =
                Files.readAllLines(Path.of(objectsJob.get("output").asText()));
        assertThat(fromObjectLines).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode line = Json.MAPPER.readTree(fromObjectLines.get(i));
            assertThat(line.get("key").asText()).isEqualTo("k" + i);
            assertThat(line.get("probability").asDouble()).isCloseTo(expected[i], within());
        }
        assertThat(arraysJob.get("state").asText()).as(arraysJob.toString()).isEqualTo("succeeded");
        List<String> fromArrayLines = Files.readAllLines(Path.of(arraysJob.get("output").asText()));
        for (int i = 0; i < 40; i++) {
            JsonNode line = Json.MAPPER.readTree(fromArrayLines.get(i));
            assertThat(line.get("id").asInt()).isEqualTo(i);
            assertThat(line.get("probability").asDouble()).isCloseTo(expected[i], within());
        }
    }

    @Test
    void badRowsGoToTheErrorsFileAndTheJobSucceedsUnderTheRatioAndFailsOverIt() throws IOException {
        List<String> lines = new ArrayList<>(csv(true, 0, 100).lines().toList());
        lines.set(11, "p-10,1,2,3"); // row 10: too few values
        lines.set(21, lines.get(21).replaceFirst(",[^,]*,", ",abc,")); // row 20: not a number
        lines.add(31, ""); // a blank line is not a row
        String text = String.join("\n", lines) + "\n";
        Files.writeString(root.resolve("bad.csv"), text);

        JsonNode tolerant =
                run(
                        "{\"target\":\"cancer:1\",\"input\":\"bad.csv\",\"output\":\"bad-ok.csv\","
                                + "\"idColumn\":\"id\",\"maxErrorRatio\":0.05,\"shardRows\":30}");
        JsonNode strict =
                run(
                        "{\"target\":\"cancer:1\",\"input\":\"bad.csv\",\"output\":\"bad-strict.csv\","
                                + "\"idColumn\":\"id\",\"maxErrorRatio\":0.01}");

        assertThat(tolerant.get("state").asText()).as(tolerant.toString()).isEqualTo("succeeded");
        assertThat(tolerant.get("rowsTotal").asLong()).isEqualTo(100);
        assertThat(tolerant.get("rowsFailed").asLong()).isEqualTo(2);
        List<String> output = Files.readAllLines(Path.of(tolerant.get("output").asText()));
        assertThat(output).hasSize(1 + 98);
        assertThat(output.get(1)).startsWith("p-0,");
        assertThat(output).noneMatch(line -> line.startsWith("p-10,") || line.startsWith("p-20,"));
        assertThat(output.get(11)).startsWith("p-11,"); // p-10 is missing, the rest in order
        assertThat(Files.readAllLines(Path.of(tolerant.get("errors").asText())))
                .containsExactly(
                        "row,file,line,id,reason",
                        "11,bad.csv,12,p-10,\"has 4 values, expected 31\"",
                        "21,bad.csv,22,p-20,column 'f0': 'abc' is not a number");
        assertThat(strict.get("state").asText()).isEqualTo("failed");
        assertThat(strict.get("error").asText())
                .startsWith("2 of 100 rows failed (2.00%), more than maxErrorRatio 0.01 allows");
        assertThat(Path.of(strict.get("output").asText())).doesNotExist();
        assertThat(Files.readAllLines(Path.of(strict.get("errors").asText()))).hasSize(3);
    }

    @Test
    void anUploadedArtifactIsAnInputToo() throws IOException {
        Path file = outside.resolve("upload.csv");
        Files.writeString(file, csv(true, 0, 10));
        String sha256 = server.upload(file);

        JsonNode job =
                run(
                        "{\"target\":\"cancer:1\",\"input\":\"sha256:"
                                + sha256
                                + "\",\"output\":\"from-upload.csv\",\"idColumn\":\"id\"}");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        List<String> lines = Files.readAllLines(Path.of(job.get("output").asText()));
        assertPredictions(lines.subList(1, lines.size()), "p-", 0, 10);
    }

    @Test
    void cancelStopsTheWorkersAndACancelledJobCannotBeCancelledAgain() throws IOException {
        StringBuilder slow = new StringBuilder();
        IntStream.range(0, 2_000).forEach(i -> slow.append(i).append(",1\n"));
        Files.writeString(root.resolve("slow.csv"), slow);
        TestServer.Response created =
                server.post(
                        "/api/v1/jobs/batch",
                        "{\"target\":\"echo:1\",\"input\":\"slow.csv\",\"output\":\"slow-out.csv\","
                                + "\"miniBatch\":5,\"shardRows\":50}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.get("/api/v1/jobs/" + id).json().get("rowsDone").asLong() > 0);

        TestServer.Response cancelled = server.post("/api/v1/jobs/" + id + "/cancel", "");
        JsonNode ended = server.awaitJobEnd(id);
        TestServer.Response again = server.post("/api/v1/jobs/" + id + "/cancel", "");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(ended.get("state").asText()).isEqualTo("cancelled");
        assertThat(ended.get("rowsDone").asLong()).isLessThan(2_000);
        assertThat(Path.of(ended.get("output").asText())).doesNotExist();
        assertThat(ended.get("events").findValuesAsText("type"))
                .containsSubsequence(
                        "job.created", "job.started", "job.cancel-requested", "job.cancelled");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("JOB_ENDED");
    }

    @Test
    void pathsOutsideTheRootAndBadFieldsAreRefusedNamingTheField() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.csv"), csv(false, 0, 2));
        Files.createSymbolicLink(root.resolve("link.csv"), secret);
        Files.writeString(root.resolve("small.csv"), csv(false, 0, 2));
        Files.writeString(root.resolve("taken.csv"), "x\n");

        assertRefused(
                "\"input\":\"../secret.csv\",\"output\":\"o1.csv\"",
                400,
                "input '../secret.csv' is outside the jobs root");
        assertRefused(
                "\"input\":\"" + secret + "\",\"output\":\"o2.csv\"",
                400,
                "is outside the jobs root");
        assertRefused(
                "\"input\":\"link.csv\",\"output\":\"o3.csv\"",
                400,
                "input 'link.csv' is outside the jobs root");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"../o4.csv\"",
                400,
                "output '../o4.csv' is outside the jobs root");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"" + outside.resolve("o5.csv") + "\"",
                400,
                "output '");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"taken.csv\"",
                400,
                "output 'taken.csv' already exists");
        assertRefused(
                "\"input\":\"missing.csv\",\"output\":\"o6.csv\"",
                400,
                "input 'missing.csv' does not exist");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"o7.csv\",\"mini_batch\":5",
                400,
                "unknown field 'mini_batch'");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"o8.csv\",\"parallelism\":0",
                400,
                "parallelism must be between 1 and 32, got 0");
        assertRefused(
                "\"input\":\"small.csv\",\"output\":\"o9.csv\",\"idColumn\":\"id\"",
                400,
                "idColumn 'id' must be a column number");
        assertThat(Files.exists(outside.resolve("o5.csv"))).isFalse();

        TestServer.Response unknown =
                server.post(
                        "/api/v1/jobs/batch",
                        "{\"target\":\"nope\",\"input\":\"small.csv\",\"output\":\"o10.csv\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
        assertThat(server.get("/api/v1/jobs/999999").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/jobs/abc").status()).isEqualTo(400);
    }

    private static void assertRefused(String fields, int status, String message) {
        TestServer.Response answer =
                server.post("/api/v1/jobs/batch", "{\"target\":\"cancer:1\"," + fields + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error").asText()).contains(message);
    }

    /** Rows {@code from..to} as CSV: with a header {@code id,f0..f29} and ids {@code p-<i>}. */
    private static String csv(boolean header, int from, int to) {
        StringBuilder text = new StringBuilder();
        if (header) {
            text.append("id");
            for (int f = 0; f < 30; f++) {
                text.append(",f").append(f);
            }
            text.append('\n');
        }
        for (int i = from; i < to; i++) {
            if (header) {
                text.append("p-").append(i).append(',');
            }
            double[] row = rows.get(i);
            for (int f = 0; f < 30; f++) {
                text.append(f == 0 ? "" : ",").append((float) row[f]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Each line is {@code <prefix><i>,<probability>} for i in order, equal to the endpoint's. */
    private static void assertPredictions(List<String> lines, String prefix, int from, int to) {
        assertThat(lines).hasSize(to - from);
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i - from).split(",");
            String key = prefix.isEmpty() ? Integer.toString(i - from + 1) : prefix + i;
            assertThat(cells[0]).isEqualTo(key);
            assertThat(Double.parseDouble(cells[1])).as(key).isCloseTo(expected[i], within());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }

    private static double[] predictOverOip(List<double[]> rows) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        rows.forEach(row -> java.util.Arrays.stream(row).forEach(value -> data.add((float) value)));
        ObjectNode request = Json.MAPPER.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject();
        input.put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(rows.size()).add(30);
        input.set("data", data);
        TestServer.Response answer = server.post("/v2/models/cancer/infer", request.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode values = answer.json().at("/outputs/0/data");
        return IntStream.range(0, rows.size()).mapToDouble(i -> values.get(i).asDouble()).toArray();
    }

    private static JsonNode run(String body) {
        return run(body, 201);
    }

    /** Creates a job; for a 201, waits until it ends and answers it, else answers the error. */
    private static JsonNode run(String body, int status) {
        TestServer.Response created = server.post("/api/v1/jobs/batch", body);
        assertThat(created.status()).as(created.body()).isEqualTo(status);
        if (status != 201) {
            return created.json();
        }
        return server.awaitJobEnd(created.json().get("id").asLong());
    }
}
