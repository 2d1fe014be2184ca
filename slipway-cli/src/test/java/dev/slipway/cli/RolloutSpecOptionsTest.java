package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The spec the shared rollout options build: only what was given, checked per strategy. */
class RolloutSpecOptionsTest {

    @Command(name = "test")
    static final class SpecCommand {
        @Mixin RolloutSpecOptions options;

        @Option(names = "--strategy")
        String strategy;
    }

    @Test
    void eachStrategyAloneLeavesEveryDefaultToTheServer() throws Exception {
        assertThat(specJson("--strategy", "expedited")).isEqualTo("{\"strategy\":\"expedited\"}");
        assertThat(specJson("--strategy", "gradual")).isEqualTo("{\"strategy\":\"gradual\"}");
        assertThat(specJson("--strategy", "shadow")).isEqualTo("{\"strategy\":\"shadow\"}");
    }

    @Test
    void expeditedKeepsThePreviousVersion() throws Exception {
        assertThat(specJson("--strategy", "expedited", "--keep-previous-for", "300s"))
                .isEqualTo("{\"strategy\":\"expedited\",\"keepPreviousFor\":\"5m\"}");
    }

    @Test
    void gradualTakesStepsBakeApprovalsAndGuardrails() throws Exception {
        assertThat(
                        specJson(
                                "--strategy", "gradual",
                                "--steps", "10,50,100",
                                "--bake", "30s",
                                "--approval-before", "50,100",
                                "--max-error-rate", "0.01",
                                "--latency-p99-ratio", "1.5",
                                "--max-p99", "200ms",
                                "--min-requests", "100"))
                .isEqualTo(
                        "{\"strategy\":\"gradual\",\"steps\":[10,50,100],\"bake\":\"30s\","
                                + "\"approvalBefore\":[50,100],\"guardrails\":{\"maxErrorRate\":0.01,"
                                + "\"latencyP99Ratio\":1.5,\"maxP99\":\"200ms\",\"minRequests\":100}}");
        assertThat(specJson("--strategy", "gradual", "--linear-step", "20", "--min-requests", "5"))
                .isEqualTo(
                        "{\"strategy\":\"gradual\",\"linear\":{\"step\":20},"
                                + "\"guardrails\":{\"minRequests\":5}}");
    }

    @Test
    void shadowWithThenGradualBuildsTheThenSpecFromTheGradualOptions() throws Exception {
        assertThat(
                        specJson(
                                "--strategy", "shadow",
                                "--mirror-percent", "50",
                                "--approval", "manual",
                                "--min-pairs", "200",
                                "--max-ks", "0.1",
                                "--min-p-value", "0.05",
                                "--max-mean-abs-diff", "0.01",
                                "--min-agreement", "0.99",
                                "--then", "gradual",
                                "--steps", "50,100",
                                "--bake", "10s"))
                .isEqualTo(
                        "{\"strategy\":\"shadow\",\"mirrorPercent\":50,\"approval\":\"manual\","
                                + "\"analysis\":{\"minPairs\":200,\"maxKsStatistic\":0.1,\"minPValue\":0.05,"
                                + "\"maxMeanAbsDiff\":0.01,\"minAgreement\":0.99},"
                                + "\"then\":{\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"10s\"}}");
        assertThat(
                        specJson(
                                "--strategy",
                                "shadow",
                                "--then",
                                "expedited",
                                "--keep-previous-for",
                                "1m"))
                .isEqualTo(
                        "{\"strategy\":\"shadow\",\"then\":{\"strategy\":\"expedited\",\"keepPreviousFor\":\"1m\"}}");
    }

    @Test
    void noStrategyAndNoOptionsIsNoSpec() {
        assertThat(spec()).isNull();
    }

    @Test
    void optionsThatDoNotFitTheStrategyAreUsageErrors() {
        assertUsageError("--bake needs --strategy", "--bake", "30s");
        assertUsageError(
                "--steps applies only to gradual rollouts (or shadow with --then gradual)",
                "--strategy",
                "expedited",
                "--steps",
                "50,100");
        assertUsageError(
                "--mirror-percent applies only to shadow rollouts",
                "--strategy",
                "gradual",
                "--mirror-percent",
                "50");
        assertUsageError(
                "--then applies only to shadow rollouts",
                "--strategy",
                "expedited",
                "--then",
                "gradual");
        assertUsageError(
                "--bake with a shadow rollout describes what follows it: add --then gradual (or"
                        + " --then expedited for --keep-previous-for)",
                "--strategy",
                "shadow",
                "--bake",
                "10s");
        assertUsageError(
                "--bake applies only to gradual rollouts (or shadow with --then gradual)",
                "--strategy",
                "shadow",
                "--then",
                "expedited",
                "--bake",
                "10s");
        assertUsageError(
                "--then 'shadow' must be expedited or gradual",
                "--strategy",
                "shadow",
                "--then",
                "shadow");
        assertUsageError(
                "--strategy 'canary' must be expedited, gradual or shadow", "--strategy", "canary");
        assertUsageError(
                "--steps and --linear-step cannot both be given",
                "--strategy",
                "gradual",
                "--steps",
                "100",
                "--linear-step",
                "10");
    }

    @Test
    void valuesTheSpecRefusesAreReportedUnderTheirOption() {
        assertUsageError(
                "--steps must end at 100, got [10, 50]",
                "--strategy",
                "gradual",
                "--steps",
                "10,50");
        assertUsageError(
                "--steps must end at 100, got [50]",
                "--strategy",
                "shadow",
                "--then",
                "gradual",
                "--steps",
                "50");
        assertUsageError(
                "--approval-before must name steps of [10, 50, 100], got [30]",
                "--strategy",
                "gradual",
                "--approval-before",
                "30");
        assertUsageError(
                "--max-error-rate must be between 0 and 1, got 2.0",
                "--strategy",
                "gradual",
                "--max-error-rate",
                "2");
        assertUsageError(
                "--approval must be auto or manual, got 'later'",
                "--strategy",
                "shadow",
                "--approval",
                "later");
        assertUsageError(
                "--min-agreement must be between 0 and 1, got 1.5",
                "--strategy",
                "shadow",
                "--min-agreement",
                "1.5");
    }

    private static RolloutSpec spec(String... args) {
        SpecCommand command = new SpecCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.spec(command.strategy, "--strategy");
    }

    private static String specJson(String... args) throws Exception {
        return JacksonMappers.JSON
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(spec(args));
    }

    private static void assertUsageError(String message, String... args) {
        assertThatThrownBy(() -> spec(args))
                .isInstanceOf(ParameterException.class)
                .hasMessage(message);
    }
}
