package dev.slipway.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.ServerProcess;
import dev.slipway.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL while a batch job runs; a new process on the same data
 * directory resumes the job: shards finished before the kill are not run again, and the output has
 * every row exactly once, in input order.
 */
class BatchJobCrashIT {
    private static final int ROWS = 3_000;

    @TempDir Path dataDir;
    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killNineMidJobThenRestartFinishesWithoutRedoingFinishedShards() throws Exception {
        server = ServerProcess.start(dataDir, "job-crash-token-0123456789");
        TestServer client = server.client();
        int version = client.registerEcho("echo", 1.0, -1, 25);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            input.append('k').append(i).append(',').append(i).append(",1\n");
        }
        Files.writeString(
                Files.createDirectories(dataDir.resolve("files")).resolve("in.csv"), input);
        TestServer.Response created =
                client.post(
                        "/api/v1/jobs/batch",
                        "{\"target\":\"echo:"
                                + version
                                + "\",\"input\":\"in.csv\",\"output\":\"out.csv\",\"idColumn\":1,"
                                + "\"shardRows\":100,\"miniBatch\":10,\"parallelism\":2}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () ->
                                client.get("/api/v1/jobs/" + id).json().get("shardsDone").asInt()
                                        >= 4);

        Map<Integer, Integer> doneBeforeKill = doneShards(client, id);
        server.killAndRestart();
        JsonNode ended = client.awaitJobEnd(id);

        assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("succeeded");
        assertThat(ended.get("rowsDone").asLong()).isEqualTo(ROWS);
        assertThat(ended.get("shardsTotal").asInt()).isEqualTo(ROWS / 100);
        assertThat(doneBeforeKill).hasSizeGreaterThanOrEqualTo(4).hasSizeLessThan(ROWS / 100);
        JsonNode shards = client.get("/api/v1/jobs/" + id + "/shards").json().get("shards");
        doneBeforeKill.forEach(
                (index, attempts) ->
                        assertThat(shards.get(index).get("attempts").asInt())
                                .as("shard %d, done before the kill", index)
                                .isEqualTo(attempts)
                                .isEqualTo(1));
        assertThat(shards).allMatch(shard -> shard.get("state").asText().equals("done"));
        List<String> expected = new ArrayList<>();
        expected.add("id,y_0,y_1");
        for (int i = 0; i < ROWS; i++) {
            expected.add("k" + i + "," + (float) i + ",1.0");
        }
        assertThat(Files.readAllLines(Path.of(ended.get("output").asText()))).isEqualTo(expected);
        assertThat(ended.get("events").findValuesAsText("type"))
                .containsSubsequence(
                        "job.created",
                        "job.started",
                        "job.planned",
                        "job.resumed",
                        "job.succeeded");
    }

    private static Map<Integer, Integer> doneShards(TestServer client, long id) {
        Map<Integer, Integer> done = new HashMap<>();
        for (JsonNode shard : client.get("/api/v1/jobs/" + id + "/shards").json().get("shards")) {
            if (shard.get("state").asText().equals("done")) {
                done.put(shard.get("index").asInt(), shard.get("attempts").asInt());
            }
        }
        return done;
    }
}
