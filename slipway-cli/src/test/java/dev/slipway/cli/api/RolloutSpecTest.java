package dev.slipway.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.cli.input.JacksonMappers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec records: the JSON they send (docs/api.md) and the rules they keep. */
class RolloutSpecTest {

    @Test
    void anExpeditedSpecSendsOnlyWhatWasGiven() throws Exception {
        assertThat(json(new RolloutSpec.Expedited(null))).isEqualTo("{\"strategy\":\"expedited\"}");
        assertThat(json(new RolloutSpec.Expedited("300s")))
                .isEqualTo("{\"strategy\":\"expedited\",\"keepPreviousFor\":\"5m\"}");
        assertThat(new RolloutSpec.Expedited("0").keepPreviousFor()).isEqualTo("0s");
    }

    @Test
    void aGradualSpecSendsStepsBakeApprovalsAndGuardrails() throws Exception {
        RolloutSpec spec =
                new RolloutSpec.Gradual(
                        List.of(10, 50, 100),
                        null,
                        "30000ms",
                        List.of(100),
                        "0s",
                        new RolloutSpec.Guardrails(0.01, 1.5, "200ms", 100));

        assertThat(json(spec))
                .isEqualTo(
                        "{\"strategy\":\"gradual\",\"steps\":[10,50,100],\"bake\":\"30s\","
                                + "\"approvalBefore\":[100],\"keepPreviousFor\":\"0s\","
                                + "\"guardrails\":{\"maxErrorRate\":0.01,\"latencyP99Ratio\":1.5,"
                                + "\"maxP99\":\"200ms\",\"minRequests\":100}}");
        assertThat(
                        json(
                                new RolloutSpec.Gradual(
                                        null, new RolloutSpec.Linear(20), null, null, null, null)))
                .isEqualTo("{\"strategy\":\"gradual\",\"linear\":{\"step\":20}}");
    }

    @Test
    void aShadowSpecCarriesItsAnalysisAndThen() throws Exception {
        RolloutSpec spec =
                new RolloutSpec.Shadow(
                        50,
                        "manual",
                        new RolloutSpec.Analysis(200, 0.1, 0.05, 0.01, 0.99),
                        new RolloutSpec.Gradual(List.of(50, 100), null, "10s", null, null, null));

        assertThat(json(spec))
                .isEqualTo(
                        "{\"strategy\":\"shadow\",\"mirrorPercent\":50,\"approval\":\"manual\","
                                + "\"analysis\":{\"minPairs\":200,\"maxKsStatistic\":0.1,\"minPValue\":0.05,"
                                + "\"maxMeanAbsDiff\":0.01,\"minAgreement\":0.99},"
                                + "\"then\":{\"strategy\":\"gradual\",\"steps\":[50,100],\"bake\":\"10s\"}}");
    }

    @Test
    void aRequestFlattensItsTargetIntoTheSpec() throws Exception {
        RolloutSpec spec = new RolloutSpec.Expedited("5m");

        assertThat(json(RolloutRequest.forModel("wine:2", spec)))
                .isEqualTo(
                        "{\"model\":\"wine:2\",\"strategy\":\"expedited\",\"keepPreviousFor\":\"5m\"}");
        assertThat(json(RolloutRequest.onEndpoint("wine", spec)))
                .isEqualTo(
                        "{\"endpoint\":\"wine\",\"strategy\":\"expedited\",\"keepPreviousFor\":\"5m\"}");
    }

    @Test
    void stepsMustIncreaseAndEndAtOneHundred() {
        assertProblem(
                () -> gradualSteps(List.of(10, 50)), "steps", "must end at 100, got [10, 50]");
        assertProblem(
                () -> gradualSteps(List.of(50, 10, 100)),
                "steps",
                "must increase strictly within 1..100, got [50, 10, 100]");
        assertProblem(
                () -> gradualSteps(List.of(0, 100)),
                "steps",
                "must increase strictly within 1..100, got [0, 100]");
        assertProblem(() -> gradualSteps(List.of()), "steps", "must list at least one percentage");
        assertProblem(
                () ->
                        new RolloutSpec.Gradual(
                                List.of(100), new RolloutSpec.Linear(20), null, null, null, null),
                "steps",
                "cannot be given together with linear");
    }

    @Test
    void approvalsMustNameStepsOfTheEffectiveSteps() {
        assertProblem(
                () -> new RolloutSpec.Gradual(null, null, null, List.of(30), null, null),
                "approvalBefore",
                "must name steps of [10, 50, 100], got [30]");
        assertProblem(
                () ->
                        new RolloutSpec.Gradual(
                                null, new RolloutSpec.Linear(25), null, List.of(60), null, null),
                "approvalBefore",
                "must name steps of [25, 50, 75, 100], got [60]");
        assertThat(
                        new RolloutSpec.Gradual(null, null, null, List.of(50, 100), null, null)
                                .approvalBefore())
                .containsExactly(50, 100);
    }

    @Test
    void valuesOutOfRangeNameTheirField() {
        assertProblem(
                () -> new RolloutSpec.Linear(0), "linear.step", "must be between 1 and 100, got 0");
        assertProblem(
                () -> new RolloutSpec.Guardrails(1.5, null, null, null),
                "guardrails.maxErrorRate",
                "must be between 0 and 1, got 1.5");
        assertProblem(
                () -> new RolloutSpec.Guardrails(null, null, null, 0),
                "guardrails.minRequests",
                "must be >= 1, got 0");
        assertProblem(
                () -> new RolloutSpec.Guardrails(null, null, "0s", null),
                "guardrails.maxP99",
                "must be more than 0");
        assertProblem(
                () -> new RolloutSpec.Expedited("soon"),
                "keepPreviousFor",
                "must be a duration such as 30s, 5m or 250ms, got 'soon'");
        assertProblem(
                () -> new RolloutSpec.Shadow(0, null, null, null),
                "mirrorPercent",
                "must be between 1 and 100, got 0");
        assertProblem(
                () -> new RolloutSpec.Shadow(null, "later", null, null),
                "approval",
                "must be auto or manual, got 'later'");
        assertProblem(
                () -> new RolloutSpec.Analysis(0, null, null, null, null),
                "analysis.minPairs",
                "must be >= 1, got 0");
        assertProblem(
                () -> new RolloutSpec.Analysis(null, null, null, null, Double.NaN),
                "analysis.minAgreement",
                "must be between 0 and 1, got NaN");
        assertProblem(
                () ->
                        new RolloutSpec.Shadow(
                                null, null, null, new RolloutSpec.Shadow(null, null, null, null)),
                "then",
                "must be expedited or gradual, not shadow");
    }

    private static RolloutSpec.Gradual gradualSteps(List<Integer> steps) {
        return new RolloutSpec.Gradual(steps, null, null, null, null, null);
    }

    private static void assertProblem(Runnable build, String field, String problem) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(
                        RolloutSpecException.class,
                        invalid -> {
                            assertThat(invalid.field()).isEqualTo(field);
                            assertThat(invalid.problem()).isEqualTo(problem);
                            assertThat(invalid).hasMessage(field + " " + problem);
                        });
    }

    private static String json(Object value) throws Exception {
        return JacksonMappers.JSON
                .writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(value);
    }
}
