package dev.slipway.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void mergesRowsOfEveryInputInRequestOrderAndSplitsTheOutputsBack() {
        PredictRequest a =
                PredictRequest.of(
                        Tensor.ofFloats("image", new long[] {1, 2, 2}, new float[] {1, 2, 3, 4}),
                        Tensor.ofStrings("tag", new long[] {1}, "a"));
        PredictRequest b =
                PredictRequest.of(
                        Tensor.ofFloats(
                                "image",
                                new long[] {2, 2, 2},
                                new float[] {5, 6, 7, 8, 9, 10, 11, 12}),
                        Tensor.ofStrings("tag", new long[] {2}, "b", "c"));

        PredictRequest merged = Batches.merge(List.of(a, b));

        Tensor image = merged.input("image").orElseThrow();
        assertThat(image.shape()).containsExactly(3, 2, 2);
        assertThat(image.floats()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(
                        new String(
                                merged.input("tag").orElseThrow().byteElements()[2],
                                StandardCharsets.UTF_8))
                .isEqualTo("c");
        // The inputs' own shapes are untouched.
        assertThat(a.inputs().get(0).shape()).containsExactly(1, 2, 2);

        List<PredictResult> parts =
                Batches.split(new PredictResult(List.of(image.withName("out"))), new int[] {1, 2});

        assertThat(parts.get(0).outputs().get(0).shape()).containsExactly(1, 2, 2);
        assertThat(parts.get(0).outputs().get(0).floats()).containsExactly(1, 2, 3, 4);
        assertThat(parts.get(1).outputs().get(0).floats())
                .containsExactly(5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void anOutputWithoutTheMergedRowCountCannotBeSplit() {
        PredictResult pooled =
                PredictResult.of(Tensor.ofFloats("mean", new long[] {1}, new float[] {0.5f}));

        assertThat(Batches.split(pooled, new int[] {1, 2})).isNull();
    }

    @Test
    void rowsAreTheFirstDimensionAllInputsShare() {
        Tensor two = Tensor.ofFloats("x", new long[] {2, 1}, new float[] {1, 2});
        Tensor three = Tensor.ofFloats("z", new long[] {3}, new float[] {1, 2, 3});
        Tensor scalar = Tensor.ofFloats("s", new long[] {}, new float[] {1});

        assertThat(Batches.rows(PredictRequest.of(two))).isEqualTo(2);
        assertThat(Batches.rows(PredictRequest.of(two, three))).isEqualTo(-1);
        assertThat(Batches.rows(PredictRequest.of(scalar))).isEqualTo(-1);
    }

    @Test
    void requestsWithOtherRowShapesOrDatatypesAreNotCompatible() {
        PredictRequest base =
                PredictRequest.of(Tensor.ofFloats("x", new long[] {1, 2}, new float[] {1, 2}));
        PredictRequest moreRows =
                PredictRequest.of(
                        Tensor.ofFloats("x", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        PredictRequest wider =
                PredictRequest.of(Tensor.ofFloats("x", new long[] {1, 3}, new float[] {1, 2, 3}));
        PredictRequest doubles =
                PredictRequest.of(Tensor.ofDoubles("x", new long[] {1, 2}, new double[] {1, 2}));

        assertThat(Batches.compatible(base, moreRows)).isTrue();
        assertThat(Batches.compatible(base, wider)).isFalse();
        assertThat(Batches.compatible(base, doubles)).isFalse();
    }

    @Test
    void onlyModelsWithABatchDimensionOnEveryTensorCanBatch() {
        TensorSpec rows = new TensorSpec("x", DataType.FP32, new long[] {-1, 2});
        TensorSpec fixed = new TensorSpec("y", DataType.FP32, new long[] {1});

        assertThat(Batches.canBatch(new Signature(List.of(rows), List.of(rows)))).isTrue();
        assertThat(Batches.canBatch(new Signature(List.of(rows), List.of(fixed)))).isFalse();
    }
}
