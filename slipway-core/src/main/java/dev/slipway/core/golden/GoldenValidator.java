package dev.slipway.core.golden;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs golden examples through a loaded predictor and reports each difference precisely. */
public final class GoldenValidator {
    /** Reports stop listing element differences of one output after this many. */
    static final int MAX_ELEMENT_MISMATCHES = 5;

    private GoldenValidator() {}

    public static ValidationReport validate(
            ModelVersionId version, Predictor predictor, List<GoldenExample> examples) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (GoldenExample example : examples) {
            mismatches.addAll(check(predictor, example));
        }
        return new ValidationReport(version, examples.size(), mismatches);
    }

    /** The differences for one example; empty when it matches. */
    public static List<Mismatch> check(Predictor predictor, GoldenExample example) {
        Set<String> wanted =
                example.expectedOutputs().stream().map(Tensor::name).collect(Collectors.toSet());
        PredictRequest request =
                new PredictRequest(
                        example.request().inputs(), wanted, example.request().parameters());
        PredictResult result;
        try {
            result = predictor.predict(request);
        } catch (RuntimeException e) {
            return List.of(
                    new Mismatch(
                            example.name(),
                            null,
                            -1,
                            null,
                            null,
                            "example '"
                                    + example.name()
                                    + "': prediction failed: "
                                    + e.getMessage()));
        }
        List<Mismatch> mismatches = new ArrayList<>();
        for (Tensor expected : example.expectedOutputs()) {
            Tensor actual = result.output(expected.name()).orElse(null);
            compare(example, expected, actual, mismatches);
        }
        return mismatches;
    }

    private static void compare(
            GoldenExample example, Tensor expected, Tensor actual, List<Mismatch> mismatches) {
        String where = "example '" + example.name() + "' output '" + expected.name() + "'";
        if (actual == null) {
            mismatches.add(whole(example, expected, where + ": the model did not produce it"));
            return;
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            mismatches.add(
                    whole(
                            example,
                            expected,
                            where
                                    + ": shape "
                                    + Shapes.format(actual.shape())
                                    + ", expected "
                                    + Shapes.format(expected.shape())));
            return;
        }
        boolean exact =
                !expected.datatype().isFloatingPoint() || !actual.datatype().isFloatingPoint();
        if ((expected.datatype() == DataType.BYTES) != (actual.datatype() == DataType.BYTES)) {
            mismatches.add(
                    whole(
                            example,
                            expected,
                            where
                                    + ": datatype "
                                    + actual.datatype()
                                    + ", expected "
                                    + expected.datatype()));
            return;
        }
        int listed = 0;
        int differing = 0;
        for (int i = 0; i < expected.elementCount(); i++) {
            Object expectedValue = element(expected, i);
            Object actualValue = element(actual, i);
            boolean matches =
                    expectedValue instanceof Double e && actualValue instanceof Double a
                            ? (exact ? e.equals(a) : example.tolerance().accepts(e, a))
                            : expectedValue.equals(actualValue);
            if (matches) {
                continue;
            }
            differing++;
            if (listed < MAX_ELEMENT_MISMATCHES) {
                listed++;
                mismatches.add(
                        new Mismatch(
                                example.name(),
                                expected.name(),
                                i,
                                expectedValue,
                                actualValue,
                                where
                                        + " element "
                                        + i
                                        + ": expected "
                                        + expectedValue
                                        + ", got "
                                        + actualValue
                                        + describe(example.tolerance(), exact)));
            }
        }
        if (differing > listed) {
            mismatches.add(
                    whole(
                            example,
                            expected,
                            where
                                    + ": "
                                    + (differing - listed)
                                    + " more element(s) differ of "
                                    + expected.elementCount()));
        }
    }

    private static String describe(Tolerance tolerance, boolean exact) {
        return exact
                ? " (exact match required)"
                : " (tolerance absolute "
                        + tolerance.absolute()
                        + ", relative "
                        + tolerance.relative()
                        + ")";
    }

    private static Mismatch whole(GoldenExample example, Tensor expected, String message) {
        return new Mismatch(example.name(), expected.name(), -1, null, null, message);
    }

    private static Object element(Tensor tensor, int index) {
        if (tensor.datatype() == DataType.BYTES) {
            return new String(tensor.byteElements()[index], StandardCharsets.UTF_8);
        }
        return tensor.getAsDouble(index);
    }
}
