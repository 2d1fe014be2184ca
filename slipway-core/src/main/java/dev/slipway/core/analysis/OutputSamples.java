package dev.slipway.core.analysis;

import dev.slipway.spi.DataType;
import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * What the mirrored pairs say about one named output, gathered pair by pair and then summed up as
 * an {@link OutputComparison}. Not thread-safe: one analysis fills and reads it.
 */
final class OutputSamples {
    private static final KolmogorovSmirnovTest KOLMOGOROV_SMIRNOV =
            KolmogorovSmirnovTest.withDefaults();

    private final String output;
    private final boolean bytes;
    private final boolean categorical;

    /** Answered requests whose primary produced this output. */
    private long seen;

    private long omitted;
    private long mismatched;
    private long compared;
    private long elements;
    private long equalElements;
    private double absoluteDifferenceSum;
    private double maxAbsoluteDifference;

    // One chunk per compared pair; flattened once at the end rather than grown element by element.
    private final List<double[]> primaryValues = new ArrayList<>();
    private final List<double[]> candidateValues = new ArrayList<>();

    /** The first primary tensor seen fixes whether the output is categorical. */
    OutputSamples(Tensor firstPrimary) {
        this.output = firstPrimary.name();
        this.bytes = firstPrimary.datatype() == DataType.BYTES;
        this.categorical = !firstPrimary.datatype().isFloatingPoint();
    }

    /** Records one answered request: the primary's tensor and the candidate's, or null. */
    void add(Tensor primary, Tensor candidate) {
        if (isBytes(primary) != bytes) {
            // The primary itself changed kind between requests: not the candidate's doing.
            return;
        }
        seen++;
        if (candidate == null) {
            omitted++;
        } else if (isBytes(candidate) != bytes
                || !Arrays.equals(primary.shape(), candidate.shape())) {
            mismatched++;
        } else {
            compared++;
            elements += primary.elementCount();
            if (bytes) {
                addStrings(primary, candidate);
            } else {
                addNumbers(primary, candidate);
            }
        }
    }

    private void addStrings(Tensor primary, Tensor candidate) {
        byte[][] expected = primary.byteElements();
        byte[][] actual = candidate.byteElements();
        for (int i = 0; i < expected.length; i++) {
            if (Arrays.equals(expected[i], actual[i])) {
                equalElements++;
            }
        }
    }

    /**
     * Compares element by element in row-major order, so a batch [n, k] counts as n * k elements.
     * Values are read as doubles, so an FP32 candidate of an FP64 primary still compares; integer
     * labels above 2^53 would lose precision, which real label outputs never reach.
     */
    private void addNumbers(Tensor primary, Tensor candidate) {
        int count = primary.elementCount();
        double[] primaryChunk = new double[count];
        double[] candidateChunk = new double[count];
        int primaryCount = 0;
        int candidateCount = 0;
        for (int i = 0; i < count; i++) {
            double expected = primary.getAsDouble(i);
            double actual = candidate.getAsDouble(i);
            double difference = absoluteDifference(expected, actual);
            absoluteDifferenceSum += difference;
            maxAbsoluteDifference = Math.max(maxAbsoluteDifference, difference);
            if (difference == 0) {
                equalElements++;
            }
            // The KS test rejects NaN; the difference above already counts a NaN mismatch.
            if (!Double.isNaN(expected)) {
                primaryChunk[primaryCount++] = expected;
            }
            if (!Double.isNaN(actual)) {
                candidateChunk[candidateCount++] = actual;
            }
        }
        primaryValues.add(Arrays.copyOf(primaryChunk, primaryCount));
        candidateValues.add(Arrays.copyOf(candidateChunk, candidateCount));
    }

    static double absoluteDifference(double expected, double actual) {
        boolean expectedNaN = Double.isNaN(expected);
        boolean actualNaN = Double.isNaN(actual);
        if (expected == actual || (expectedNaN && actualNaN)) {
            return 0;
        }
        if (expectedNaN || actualNaN) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(actual - expected);
    }

    OutputComparison compare() {
        double meanAbsDiff = Double.NaN;
        double maxAbsDiff = Double.NaN;
        double ksStatistic = Double.NaN;
        double pValue = Double.NaN;
        double psi = Double.NaN;
        if (!bytes) {
            if (elements > 0) {
                meanAbsDiff = absoluteDifferenceSum / elements;
                maxAbsDiff = maxAbsoluteDifference;
            }
            double[] primary = flatten(primaryValues);
            double[] candidate = flatten(candidateValues);
            if (primary.length >= 2 && candidate.length >= 2) {
                KolmogorovSmirnovTest.TwoResult result =
                        KOLMOGOROV_SMIRNOV.test(primary, candidate);
                ksStatistic = result.getStatistic();
                pValue = result.getPValue();
            }
            psi = PopulationStability.index(primary, candidate);
        }
        Double agreement = categorical && elements > 0 ? (double) equalElements / elements : null;
        return new OutputComparison(
                output,
                categorical,
                compared,
                meanAbsDiff,
                maxAbsDiff,
                ksStatistic,
                pValue,
                psi,
                agreement);
    }

    /** Why this output alone rules the candidate out, whatever the criteria say. */
    List<String> defects() {
        List<String> defects = new ArrayList<>();
        if (omitted > 0) {
            defects.add(
                    "output '%s': candidate omitted it in %d of %d mirrored requests"
                            .formatted(output, omitted, seen));
        }
        if (mismatched > 0) {
            String sentence =
                    "output '%s': candidate's shape or datatype differed from the primary's in %d"
                            + " of %d mirrored requests";
            defects.add(sentence.formatted(output, mismatched, seen));
        }
        return defects;
    }

    private static boolean isBytes(Tensor tensor) {
        return tensor.datatype() == DataType.BYTES;
    }

    private static double[] flatten(List<double[]> chunks) {
        int length = 0;
        for (double[] chunk : chunks) {
            length = Math.addExact(length, chunk.length);
        }
        double[] values = new double[length];
        int position = 0;
        for (double[] chunk : chunks) {
            System.arraycopy(chunk, 0, values, position, chunk.length);
            position += chunk.length;
        }
        return values;
    }
}
