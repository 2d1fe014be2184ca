package dev.slipway.core.analysis;

import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Builds mirrored pairs for the analysis tests: one request, one or two outputs. */
final class Mirrors {
    static final String PROBABILITY = "probability";
    static final String LABEL = "label";

    private static final long PRIMARY_NANOS = 2_000_000;
    private static final long CANDIDATE_NANOS = 3_000_000;

    private Mirrors() {}

    /** An FP32 output of shape [values.length]. */
    static Tensor floats(String name, double... values) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (float) values[i];
        }
        return Tensor.ofFloats(name, new long[] {values.length}, data);
    }

    /** An INT64 output of shape [values.length], e.g. predicted class labels. */
    static Tensor labels(String name, long... values) {
        return Tensor.ofLongs(name, new long[] {values.length}, values);
    }

    static MirroredPair answered(List<Tensor> primary, List<Tensor> candidate) {
        return MirroredPair.answered(primary, candidate, PRIMARY_NANOS, CANDIDATE_NANOS);
    }

    static MirroredPair failed(List<Tensor> primary, String error) {
        return MirroredPair.failedCandidate(primary, error, PRIMARY_NANOS, CANDIDATE_NANOS);
    }

    /** One pair with a single FP32 value on each side. */
    static MirroredPair probability(double primary, double candidate) {
        return answered(
                List.of(floats(PROBABILITY, primary)), List.of(floats(PROBABILITY, candidate)));
    }

    /**
     * {@code count} pairs whose primary answers a uniform probability and a label (1 above 0.5),
     * and whose candidate answers {@code candidateValue} of that probability and the same label.
     */
    static List<MirroredPair> scored(int count, long seed, DoubleUnaryOperator candidateValue) {
        Random random = new Random(seed);
        List<MirroredPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double probability = random.nextDouble();
            long label = probability > 0.5 ? 1 : 0;
            pairs.add(
                    answered(
                            List.of(floats(PROBABILITY, probability), labels(LABEL, label)),
                            List.of(
                                    floats(PROBABILITY, candidateValue.applyAsDouble(probability)),
                                    labels(LABEL, label))));
        }
        return pairs;
    }
}
