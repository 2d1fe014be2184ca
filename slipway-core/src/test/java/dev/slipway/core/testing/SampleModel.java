package dev.slipway.core.testing;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.time.Instant;
import java.util.List;

/**
 * The model most tests use: rows of two FP32 features {@code x} in, rows of two FP32 values {@code
 * y} out. {@link FakeRuntime} loads it as {@code y = x * factor}.
 */
public final class SampleModel {
    public static final Signature SIGNATURE =
            new Signature(
                    List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 2})),
                    List.of(new TensorSpec("y", DataType.FP32, new long[] {-1, 2})));

    private SampleModel() {}

    /** Input {@code x}: the values as rows of two. */
    public static Tensor input(float... values) {
        return Tensor.ofFloats("x", new long[] {values.length / 2, 2}, values);
    }

    /** Output {@code y}: the values as rows of two. */
    public static Tensor output(float... values) {
        return Tensor.ofFloats("y", new long[] {values.length / 2, 2}, values);
    }

    public static PredictRequest request(float... values) {
        return PredictRequest.of(input(values));
    }

    /** A golden example expecting {@code output} for {@code input}, with default tolerance. */
    public static GoldenExample golden(String name, Tensor input, Tensor output) {
        return new GoldenExample(name, PredictRequest.of(input), List.of(output), null);
    }

    /** A version as the registry would store it, for tests that build serving sets by hand. */
    public static ModelVersion version(String model, int number) {
        return new ModelVersion(
                new ModelVersionId(model, number),
                FakeRuntime.FORMAT,
                new ArtifactRef("0".repeat(64), 0),
                SIGNATURE,
                0,
                "",
                null,
                null,
                null,
                null,
                VersionStatus.REGISTERED,
                Instant.parse("2025-01-01T00:00:00Z"));
    }
}
