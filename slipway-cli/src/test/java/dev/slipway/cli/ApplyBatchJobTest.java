package dev.slipway.cli;

import static dev.slipway.cli.CommandRun.against;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: BatchJob} in {@code slipway apply}: created once by name, then unchanged. */
class ApplyBatchJobTest {

    private static final String JOB =
            """
            apiVersion: slipway.dev/v1
            kind: BatchJob
            metadata:
              name: nightly-scores
            spec:
              target: breast-cancer@champion
              input: incoming/
              output: scores/nightly.csv
              idColumn: id
              parallelism: 4
              miniBatch: 1024
              maxErrorRatio: 0.02
            """;

    private final CannedServer server = CannedServer.start();

    @TempDir Path directory;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aJobWhoseNameIsNewIsCreatedWithItsSpec() throws Exception {
        Path manifest = Files.writeString(directory.resolve("job.yaml"), JOB);
        server.answer("GET", "/api/v1/jobs", 200, "{\"jobs\": []}");
        server.answer(
                "POST", "/api/v1/jobs/batch", 201, JobCommandsTest.job("queued", null, 0, 0, null));

        CommandRun dryRun = against(server, "apply", "-f", manifest.toString(), "--dry-run");
        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(dryRun.outLines())
                .containsExactly(
                        "(dry run) batchjob/nightly-scores: would be created",
                        "(dry run) 1 created, 0 changed, 0 unchanged");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "batchjob/nightly-scores: created", "1 created, 0 changed, 0 unchanged");
        assertThat(server.requests().getFirst().query()).isEqualTo("name=nightly-scores&limit=1");
        assertThat(server.only("POST", "/api/v1/jobs/batch").bodyText())
                .isEqualToIgnoringWhitespace(
                        """
                        {"name": "nightly-scores", "target": "breast-cancer@champion", "input": "incoming/",
                         "output": "scores/nightly.csv", "idColumn": "id", "parallelism": 4,
                         "miniBatch": 1024, "maxErrorRatio": 0.02}""");
    }

    @Test
    void aJobWhoseNameExistsIsLeftAlone() throws Exception {
        Path manifest = Files.writeString(directory.resolve("job.yaml"), JOB);
        server.answer(
                "GET",
                "/api/v1/jobs",
                200,
                "{\"jobs\": [" + JobCommandsTest.job("succeeded", 10L, 10, 0, null) + "]}");

        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "batchjob/nightly-scores: unchanged", "0 created, 0 changed, 1 unchanged");
        assertThat(server.routes()).containsExactly("GET /api/v1/jobs");
    }

    @Test
    void mistakesAreReportedPerFieldBeforeAnythingIsSent() throws Exception {
        Path manifest =
                Files.writeString(
                        directory.resolve("job.yaml"),
                        """
                        apiVersion: slipway.dev/v1
                        kind: BatchJob
                        metadata:
                          name: broken
                        spec:
                          target: Not A Target
                          output: out.csv
                          format: parquet
                          parallelism: 0
                          batch: 10
                        """);

        CommandRun run = against(server, "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(SlipwayCommand.EXIT_FAILURE);
        assertThat(run.err())
                .contains("spec.batch")
                .contains("spec.target")
                .contains("spec.input")
                .contains("spec.format 'parquet' must be csv or jsonl")
                .contains("spec.parallelism must be >= 1");
        assertThat(server.requests()).isEmpty();
    }
}
