package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway jobs ...} against a canned server: the requests sent and what is printed. */
class JobCommandsTest {

    private static final String CREATE = "/api/v1/jobs/batch";
    private static final String JOB = "/api/v1/jobs/7";

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    /** A job as the server answers it, in {@code state} with {@code done} of 1,000 rows. */
    static String job(String state, Long total, long done, long failed, String error) {
        return """
                {"id": 7, "name": "nightly", "kind": "batch", "target": "cancer@champion",
                 "version": "cancer:3", "state": "%s", "cancelRequested": false,
                 "input": "in/", "output": "/srv/files/out.csv", "errors": "/srv/files/out.csv.errors.csv",
                 "format": "csv", "header": null, "idColumn": "id", "parallelism": 2, "miniBatch": 512,
                 "shardRows": 20000, "maxErrorRatio": 0.01, "rowsTotal": %s, "shardsTotal": 1,
                 "rowsDone": %d, "rowsFailed": %d, "shardsDone": 0, "rowsPerSecond": 2500.0,
                 "etaSeconds": 90, "error": %s, "createdAt": "2025-03-01T10:00:00Z",
                 "startedAt": null, "finishedAt": null,
                 "events": [{"id": 1, "at": "2025-03-01T10:00:00Z", "subject": "job/7",
                             "type": "job.created", "message": "target cancer@champion"}]}"""
                .formatted(
                        state,
                        total == null ? "null" : total.toString(),
                        done,
                        failed,
                        error == null ? "null" : "\"" + error + "\"");
    }

    @Test
    void createSendsOnlyTheOptionsGiven() {
        server.answer("POST", CREATE, 201, job("queued", null, 0, 0, null));

        CommandRun run =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "cancer@champion",
                        "--input",
                        "in/",
                        "--output",
                        "out.csv",
                        "--format",
                        "CSV",
                        "--no-header",
                        "--id-column",
                        "1",
                        "--parallelism",
                        "4",
                        "--mini-batch",
                        "256",
                        "--max-error-ratio",
                        "0.05",
                        "--name",
                        "nightly");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only("POST", CREATE).bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"name": "nightly", "target": "cancer@champion", "input": "in/", "output": "out.csv",
                         "format": "csv", "header": false, "idColumn": "1", "parallelism": 4, "miniBatch": 256,
                         "maxErrorRatio": 0.05}""");
        assertThat(run.outLines())
                .containsExactly(
                        "Batch job 7 (nightly) queued: cancer@champion (cancer:3) on in/ ->"
                                + " /srv/files/out.csv");
    }

    @Test
    void createUploadsALocalFileAndUsesItsDigest() throws Exception {
        Path rows = Files.writeString(directory.resolve("rows.csv"), "1,2\n");
        server.answer(
                "POST",
                "/api/v1/artifacts",
                201,
                "{\"sha256\": \"" + "ab".repeat(32) + "\", \"size\": 4}");
        server.answer("POST", CREATE, 201, job("queued", null, 0, 0, null));

        CommandRun run =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "echo:1",
                        "--upload",
                        rows.toString(),
                        "--output",
                        "o.csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.routes()).containsExactly("POST /api/v1/artifacts", "POST " + CREATE);
        assertThat(server.only("POST", CREATE).bodyText())
                .contains("\"input\" : \"sha256:" + "ab".repeat(32) + "\"");
    }

    @Test
    void createRefusesBadOptionsBeforeSendingAnything() {
        CommandRun both =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "e",
                        "--input",
                        "a",
                        "--upload",
                        "b",
                        "--output",
                        "o");
        CommandRun ratio =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "e",
                        "--input",
                        "a",
                        "--output",
                        "o",
                        "--max-error-ratio",
                        "2");
        CommandRun target =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "Bad Target",
                        "--input",
                        "a",
                        "--output",
                        "o");

        assertThat(both.exitCode()).isEqualTo(SlipwayCommand.EXIT_USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(ratio.err()).contains("--max-error-ratio must be between 0 and 1");
        assertThat(target.err()).contains("TARGET 'Bad Target'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createWithWatchFollowsTheJobAndFailsWhenTheJobFails() {
        server.answer("POST", CREATE, 201, job("queued", null, 0, 0, null));
        server.answer("GET", JOB, 200, job("running", 1000L, 0, 0, null));
        server.answer("GET", JOB, 200, job("running", 1000L, 450, 3, null));
        server.answer("GET", JOB, 200, job("failed", 1000L, 450, 30, "30 of 1000 rows failed"));

        CommandRun run =
                against(
                        server,
                        "jobs",
                        "batch",
                        "create",
                        "cancer@champion",
                        "--input",
                        "in/",
                        "--output",
                        "out.csv",
                        "--watch",
                        "--interval",
                        "10ms");

        assertThat(run.exitCode()).isEqualTo(SlipwayCommand.EXIT_FAILURE);
        assertThat(run.outLines())
                .containsExactly(
                        "Batch job 7 (nightly) queued: cancer@champion (cancer:3) on in/ ->"
                                + " /srv/files/out.csv",
                        "job 7 running   0% 0/1,000 rows, 2,500 rows/s, ETA 1m30s",
                        "job 7 running  45% 450/1,000 rows, 2,500 rows/s, ETA 1m30s, 3 failed",
                        "job 7 failed  45% 450/1,000 rows, 2,500 rows/s, 30 failed");
        assertThat(run.err())
                .contains("error: batch job 7 (nightly) failed: 30 of 1000 rows failed");
    }

    @Test
    void watchPrintsPlainLinesIntoAPipeAndEndsWithTheOutput() {
        server.answer("GET", JOB, 200, job("running", null, 0, 0, null));
        server.answer("GET", JOB, 200, job("running", null, 0, 0, null));
        server.answer("GET", JOB, 200, job("succeeded", 1000L, 1000, 0, null));

        CommandRun run = against(server, "jobs", "watch", "7", "--interval", "10ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("\r").doesNotContain("█");
        assertThat(run.outLines())
                .containsExactly(
                        "job 7 running, counting rows",
                        "job 7 succeeded 100% 1,000/1,000 rows, 2,500 rows/s",
                        "Batch job 7 (nightly) succeeded: 1,000 rows, 0 failed; output"
                                + " /srv/files/out.csv");
    }

    @Test
    void listShowAndCancel() {
        server.answer(
                "GET",
                "/api/v1/jobs",
                200,
                "{\"jobs\": [" + job("running", 1000L, 250, 1, null) + "]}");
        server.answer("GET", JOB, 200, job("running", 1000L, 250, 1, null));
        server.answer("POST", JOB + "/cancel", 200, job("running", 1000L, 250, 1, null));

        CommandRun list = against(server, "jobs", "list");
        CommandRun show = against(server, "jobs", "show", "7");
        CommandRun cancel = against(server, "jobs", "cancel", "7");

        assertThat(list.outLines().get(0)).startsWith("ID").contains("TARGET", "STATE", "ROWS");
        assertThat(list.outLines().get(1))
                .contains("nightly", "cancer@champion (cancer:3)", "running", "250/1,000");
        assertThat(show.out())
                .contains("Progress:")
                .contains("job 7 running  25% 250/1,000 rows")
                .contains("parallelism 2, mini-batch 512, shard 20,000 rows, max error ratio 0.01")
                .contains("job.created");
        assertThat(cancel.outLines())
                .containsExactly("Batch job 7: cancel requested (now running)");
        assertThat(server.only("POST", JOB + "/cancel").bodyText()).isEqualTo("{ }");
    }

    @Test
    void theBarIsDrawnInPlaceOnATerminal() {
        var out = new java.io.StringWriter();
        server.answer("GET", JOB, 200, job("running", 1000L, 500, 0, null));
        server.answer("GET", JOB, 200, job("succeeded", 1000L, 1000, 0, null));
        var api =
                new dev.slipway.cli.api.SlipwayApi(
                        new dev.slipway.cli.api.ApiClient(server.uri(), "t"));

        new JobWatcher(
                        api,
                        duration -> {},
                        new java.io.PrintWriter(out),
                        JobWatcher.Display.BAR,
                        java.time.Duration.ofMillis(1),
                        200)
                .watch(7);

        assertThat(out.toString())
                .startsWith(
                        "\rjob 7 running ["
                                + "█".repeat(12)
                                + "░".repeat(12)
                                + "]  50% 500/1,000 rows")
                .contains("\rjob 7 succeeded [" + "█".repeat(24) + "] 100%")
                .endsWith(System.lineSeparator());
    }
}
