package dev.slipway.core.golden;

import static dev.slipway.core.testing.SampleModel.input;
import static dev.slipway.core.testing.SampleModel.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.testing.CannedPredictor;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenValidatorTest {
    private static final ModelVersionId VERSION = new ModelVersionId("fraud", 3);
    private static final GoldenExample ONE_ROW =
            SampleModel.golden("first", input(1, 2), output(0.5f, 0.25f));

    @Test
    void passesWhenEveryElementIsWithinTolerance() {
        var predictor = CannedPredictor.answering(output(0.5000001f, 0.25f));

        ValidationReport report = GoldenValidator.validate(VERSION, predictor, List.of(ONE_ROW));

        assertThat(report.passed()).isTrue();
        assertThat(report.summary()).isEqualTo("fraud:3: 1 golden example(s) passed");
    }

    @Test
    void reportsTheIndexExpectedAndActualValueOfADifferingElement() {
        var predictor = CannedPredictor.answering(output(0.5f, 0.75f));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, ONE_ROW);

        assertThat(mismatches).hasSize(1);
        Mismatch mismatch = mismatches.getFirst();
        assertThat(mismatch.example()).isEqualTo("first");
        assertThat(mismatch.output()).isEqualTo("y");
        assertThat(mismatch.index()).isEqualTo(1);
        assertThat(mismatch.expected()).isEqualTo(0.25);
        assertThat(mismatch.actual()).isEqualTo(0.75);
        assertThat(mismatch.message())
                .isEqualTo(
                        "example 'first' output 'y' element 1: expected 0.25, got 0.75"
                                + " (tolerance absolute 1.0E-6, relative 1.0E-5)");
    }

    @Test
    void listsFiveDifferingElementsAndCountsTheRest() {
        var example =
                SampleModel.golden(
                        "many", input(new float[8]), output(new float[] {1, 1, 1, 1, 1, 1, 1, 1}));
        var predictor = CannedPredictor.answering(output(new float[8]));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, example);

        assertThat(mismatches).hasSize(6);
        assertThat(mismatches.subList(0, 5))
                .extracting(Mismatch::index)
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(mismatches.getLast().index()).isEqualTo(-1);
        assertThat(mismatches.getLast().message())
                .isEqualTo("example 'many' output 'y': 3 more element(s) differ of 8");
    }

    @Test
    void reportsAnExpectedOutputTheModelDidNotProduce() {
        var predictor =
                CannedPredictor.answering(Tensor.ofFloats("z", new long[] {1}, new float[1]));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, ONE_ROW);

        assertThat(mismatches)
                .singleElement()
                .satisfies(
                        mismatch -> {
                            assertThat(mismatch.index()).isEqualTo(-1);
                            assertThat(mismatch.message())
                                    .isEqualTo(
                                            "example 'first' output 'y': the model did not"
                                                    + " produce it");
                        });
    }

    @Test
    void reportsAnOutputOfTheWrongShape() {
        var predictor = CannedPredictor.answering(output(0.5f, 0.25f, 0, 0));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, ONE_ROW);

        assertThat(mismatches)
                .singleElement()
                .extracting(Mismatch::message)
                .isEqualTo("example 'first' output 'y': shape [2, 2], expected [1, 2]");
    }

    @Test
    void comparesIntegerOutputsExactlyWhateverTheTolerance() {
        Tensor expected = Tensor.ofLongs("label", new long[] {1}, new long[] {1_000_000});
        var example =
                new GoldenExample(
                        "labels", PredictRequest.of(input(1, 2)), List.of(expected), null);
        var predictor =
                CannedPredictor.answering(
                        Tensor.ofLongs("label", new long[] {1}, new long[] {1_000_001}));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, example);

        assertThat(Tolerance.DEFAULT.accepts(1_000_000, 1_000_001)).isTrue();
        assertThat(mismatches)
                .singleElement()
                .extracting(Mismatch::message)
                .asString()
                .endsWith("expected 1000000.0, got 1000001.0 (exact match required)");
    }

    @Test
    void comparesBytesOutputsAsStrings() {
        var example =
                new GoldenExample(
                        "names",
                        PredictRequest.of(input(1, 2)),
                        List.of(Tensor.ofStrings("label", new long[] {2}, "cat", "dog")),
                        null);
        var predictor =
                CannedPredictor.answering(Tensor.ofStrings("label", new long[] {2}, "cat", "cow"));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, example);

        assertThat(mismatches)
                .singleElement()
                .satisfies(
                        mismatch -> {
                            assertThat(mismatch.index()).isEqualTo(1);
                            assertThat(mismatch.expected()).isEqualTo("dog");
                            assertThat(mismatch.actual()).isEqualTo("cow");
                        });
    }

    @Test
    void reportsBytesWhereANumberWasExpected() {
        var example =
                new GoldenExample(
                        "names",
                        PredictRequest.of(input(1, 2)),
                        List.of(Tensor.ofInts("label", new long[] {1}, new int[] {7})),
                        null);
        var predictor = CannedPredictor.answering(Tensor.ofStrings("label", new long[] {1}, "7"));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, example);

        assertThat(mismatches)
                .singleElement()
                .extracting(Mismatch::message)
                .isEqualTo("example 'names' output 'label': datatype BYTES, expected INT32");
    }

    @Test
    void turnsAFailedPredictionIntoAMismatch() {
        var predictor = CannedPredictor.failing("input rank mismatch");

        List<Mismatch> mismatches = GoldenValidator.check(predictor, ONE_ROW);

        assertThat(mismatches)
                .singleElement()
                .satisfies(
                        mismatch -> {
                            assertThat(mismatch.output()).isNull();
                            assertThat(mismatch.message())
                                    .isEqualTo(
                                            "example 'first': prediction failed: input rank mismatch");
                        });
    }

    @Test
    void asksOnlyForTheExpectedOutputsAndIgnoresOthers() {
        Tensor extra = Tensor.of("debug", DataType.BOOL, new long[] {1}, new boolean[] {true});
        var predictor = CannedPredictor.answering(extra, output(0.5f, 0.25f));

        List<Mismatch> mismatches = GoldenValidator.check(predictor, ONE_ROW);

        assertThat(mismatches).isEmpty();
        assertThat(predictor.lastRequest().requestedOutputs()).containsExactly("y");
    }

    @Test
    void collectsTheMismatchesOfEveryExampleIntoOneReport() {
        var second = SampleModel.golden("second", input(3, 4), output(9, 9));
        var predictor = CannedPredictor.answering(output(0.5f, 0.25f));

        ValidationReport report =
                GoldenValidator.validate(VERSION, predictor, List.of(ONE_ROW, second));

        assertThat(report.passed()).isFalse();
        assertThat(report.examples()).isEqualTo(2);
        assertThat(report.mismatches()).extracting(Mismatch::example).containsOnly("second");
        assertThat(report.summary()).startsWith("fraud:3: 2 golden mismatch(es); example 'second'");
    }
}
