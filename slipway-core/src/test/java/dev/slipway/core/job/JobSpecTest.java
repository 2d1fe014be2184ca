package dev.slipway.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Job specs, targets and states: parsing, checks that name the field, the error ratio. */
class JobSpecTest {
    private static final JobTarget TARGET = new JobTarget.OnEndpoint("scores");

    @Test
    void aPlainNameIsAnEndpointAndAVersionOrAliasIsAModel() {
        assertThat(JobTarget.parse("target", "fraud")).isEqualTo(new JobTarget.OnEndpoint("fraud"));
        assertThat(JobTarget.parse("target", "fraud:3"))
                .isEqualTo(new JobTarget.OnModel(new ModelRef.Pinned("fraud", 3)));
        assertThat(JobTarget.parse("target", "fraud@champion"))
                .isEqualTo(new JobTarget.OnModel(new ModelRef.Aliased("fraud", "champion")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''         | target is required",
                "Fraud      | target 'Fraud' is neither an endpoint name nor MODEL:VERSION",
                "fraud:0    | target 'fraud:0' must be NAME:VERSION (version >= 1) or NAME@ALIAS",
            })
    void refusesATargetNamingTheField(String text, String message) {
        assertThatThrownBy(() -> JobTarget.parse("target", text))
                .isInstanceOf(SlipwayException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void defaultsAreTwoWorkersBatchesOf512AndOnePercentOfErrors() {
        JobSpec spec = JobSpec.of(TARGET, "in.csv", "out.csv");

        assertThat(spec.parallelism()).isEqualTo(2);
        assertThat(spec.miniBatch()).isEqualTo(512);
        assertThat(spec.shardRows()).isEqualTo(20_000);
        assertThat(spec.maxErrorRatio()).isEqualTo(0.01);
        assertThat(spec.format()).isNull();
        assertThat(spec.header()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0  | 512 | 100 | 0.1 | parallelism must be between 1 and 32, got 0",
                "33 | 512 | 100 | 0.1 | parallelism must be between 1 and 32, got 33",
                "1  | 0   | 100 | 0.1 | miniBatch must be between 1 and 100000, got 0",
                "1  | 512 | 0   | 0.1 | shardRows must be between 1 and 10000000, got 0",
                "1  | 512 | 100 | 1.5 | maxErrorRatio must be between 0 and 1, got 1.5",
                "1  | 512 | 100 | NaN | maxErrorRatio must be between 0 and 1, got NaN",
            })
    void refusesANumberOutOfRangeNamingTheField(
            int parallelism, int miniBatch, int shardRows, double ratio, String message) {
        assertThatThrownBy(
                        () ->
                                new JobSpec(
                                        TARGET,
                                        "in",
                                        "out",
                                        null,
                                        null,
                                        null,
                                        parallelism,
                                        miniBatch,
                                        shardRows,
                                        ratio))
                .isInstanceOf(SlipwayException.class)
                .hasMessage(message);
    }

    @Test
    void inputAndOutputAreRequired() {
        assertThatThrownBy(() -> JobSpec.of(TARGET, " ", "out")).hasMessage("input is required");
        assertThatThrownBy(() -> JobSpec.of(TARGET, "in", null)).hasMessage("output is required");
    }

    @Test
    void tooManyErrorsIsMoreThanTheRatioOfAllRows() {
        JobSpec spec = new JobSpec(TARGET, "in", "out", null, null, null, 1, 1, 1, 0.1);

        assertThat(spec.tooManyErrors(0, 0)).isFalse();
        assertThat(spec.tooManyErrors(10, 100)).isFalse();
        assertThat(spec.tooManyErrors(11, 100)).isTrue();
        JobSpec strict = new JobSpec(TARGET, "in", "out", null, null, null, 1, 1, 1, 0);
        assertThat(strict.tooManyErrors(0, 100)).isFalse();
        assertThat(strict.tooManyErrors(1, 1_000_000)).isTrue();
    }

    @Test
    void statesMoveForwardOnlyAndTheLastThreeEndAJob() {
        assertThat(JobState.QUEUED.canMoveTo(JobState.RUNNING)).isTrue();
        assertThat(JobState.QUEUED.canMoveTo(JobState.CANCELLED)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.SUCCEEDED)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.QUEUED)).isFalse();
        assertThat(JobState.SUCCEEDED.canMoveTo(JobState.RUNNING)).isFalse();
        assertThat(JobState.CANCELLED.canMoveTo(JobState.FAILED)).isFalse();
        assertThat(JobState.values())
                .filteredOn(JobState::finished)
                .containsExactly(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
        assertThat(JobState.fromWire("running")).isEqualTo(JobState.RUNNING);
    }

    @Test
    void formatsAreCsvAndJsonl() {
        assertThat(InputFormat.parse("format", "CSV")).isEqualTo(InputFormat.CSV);
        assertThat(InputFormat.parse("format", "ndjson")).isEqualTo(InputFormat.JSONL);
        assertThatThrownBy(() -> InputFormat.parse("format", "parquet"))
                .hasMessage("format 'parquet' is not an input format: use csv or jsonl");
    }
}
