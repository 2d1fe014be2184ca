package dev.slipway.runtime.xgboost;

import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Checks a compiled {@link TreeEnsemble} against XGBoost4J, the reference, before it may serve:
 * both predict the same {@link ProbeRows}, in one call each, and must agree bit for bit on the
 * margins and within {@link TreeObjective#ulpTolerance} on the transformed predictions.
 *
 * <p>One adjustment is allowed. A base margin that goes through the C library's {@code logf}
 * (logistic, Poisson, gamma and Tweedie objectives) may be the other float neighbour of the exact
 * logarithm than the one Java rounds to: glibc's logf(0.8575f) is 0xbe1d6c78, the nearest float
 * 0xbe1d6c77. When the margins differ and the float next to the Java base margin reproduces
 * XGBoost4J's margins on every probe row, the ensemble takes that base margin, XGBoost's.
 *
 * <p>Thread-safe: stateless; the booster is used by one caller at a time during the load.
 */
final class TreeVerification {
    private TreeVerification() {}

    /**
     * The ensemble to serve (with XGBoost's base margins), or why the trees cannot serve.
     *
     * @param features the booster's feature count
     * @param width the booster's predictions per row
     */
    static TreeCompilation verify(TreeEnsemble ensemble, Booster booster, int features, int width)
            throws XGBoostError {
        if (ensemble.features() != features) {
            return disagreement(
                    "the trees read " + ensemble.features() + " features, XGBoost4J " + features);
        }
        if (ensemble.width() != width) {
            return disagreement(
                    "the trees predict "
                            + ensemble.width()
                            + " values per row, XGBoost4J "
                            + width);
        }
        float[] rows = ProbeRows.of(ensemble);
        int rowCount = rows.length / features;
        DMatrix matrix = new DMatrix(rows, rowCount, features, Float.NaN);
        try {
            float[][] margins = booster.predict(matrix, true, 0);
            TreeEnsemble trees = ensemble;
            Optional<String> difference = compareMargins(trees, rows, margins);
            if (difference.isPresent() && ensemble.objective().baseMarginUsesLogf()) {
                trees = withXGBoostBaseMargins(ensemble, rows, margins);
                difference = compareMargins(trees, rows, margins);
            }
            if (difference.isEmpty()) {
                difference =
                        compare(
                                "prediction",
                                trees.predict(rows, rowCount),
                                booster.predict(matrix),
                                width,
                                trees.objective().ulpTolerance());
            }
            return difference.isEmpty()
                    ? TreeCompilation.compiled(trees)
                    : disagreement(difference.get());
        } finally {
            matrix.dispose();
        }
    }

    private static Optional<String> compareMargins(
            TreeEnsemble trees, float[] rows, float[][] margins) {
        return compare(
                "margin",
                trees.margins(rows, rows.length / trees.features()),
                margins,
                trees.groups(),
                0);
    }

    /**
     * The ensemble with, for each output group, whichever float next to its base margin makes the
     * group's margins equal XGBoost4J's on every row; groups no neighbour fits keep theirs.
     */
    private static TreeEnsemble withXGBoostBaseMargins(
            TreeEnsemble ensemble, float[] rows, float[][] reference) {
        float[] base = ensemble.baseMargins();
        float[] below = new float[base.length];
        float[] above = new float[base.length];
        for (int group = 0; group < base.length; group++) {
            below[group] = Math.nextDown(base[group]);
            above[group] = Math.nextUp(base[group]);
        }
        int rowCount = rows.length / ensemble.features();
        float[] marginsBelow = ensemble.withBaseMargins(below).margins(rows, rowCount);
        float[] marginsAbove = ensemble.withBaseMargins(above).margins(rows, rowCount);
        float[] adopted = base.clone();
        for (int group = 0; group < base.length; group++) {
            if (groupMatches(marginsBelow, reference, group)) {
                adopted[group] = below[group];
            } else if (groupMatches(marginsAbove, reference, group)) {
                adopted[group] = above[group];
            }
        }
        return ensemble.withBaseMargins(adopted);
    }

    private static boolean groupMatches(float[] margins, float[][] reference, int group) {
        int groups = margins.length / reference.length;
        for (int row = 0; row < reference.length; row++) {
            if (ulpDistance(margins[row * groups + group], reference[row][group]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> compare(
            String what, float[] trees, float[][] reference, int perRow, int ulps) {
        int rowCount = trees.length / perRow;
        if (reference.length != rowCount) {
            return Optional.of(
                    "XGBoost4J returned "
                            + reference.length
                            + " rows of "
                            + what
                            + "s for "
                            + rowCount);
        }
        for (int row = 0; row < rowCount; row++) {
            if (reference[row].length != perRow) {
                return Optional.of(
                        "XGBoost4J returned "
                                + reference[row].length
                                + " "
                                + what
                                + "s per row, the trees "
                                + perRow);
            }
            for (int value = 0; value < perRow; value++) {
                float tree = trees[row * perRow + value];
                float xgboost = reference[row][value];
                if (ulpDistance(tree, xgboost) > ulps) {
                    return Optional.of(
                            "probe row "
                                    + row
                                    + " "
                                    + what
                                    + " "
                                    + value
                                    + " is "
                                    + tree
                                    + " by the trees, "
                                    + xgboost
                                    + " by XGBoost4J"
                                    + (ulps == 0 ? "" : " (more than " + ulps + " ulps apart)"));
                }
            }
        }
        return Optional.empty();
    }

    private static TreeCompilation disagreement(String difference) {
        return TreeCompilation.refused("the trees disagree with XGBoost4J: " + difference);
    }

    /**
     * How many floats apart the two are: 0 for equal bits, 1 for -0 and +0, 0 for two NaNs, and a
     * NaN is infinitely far from a number.
     */
    static long ulpDistance(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        if (a == 0.0f && b == 0.0f) {
            return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) ? 0 : 1;
        }
        return Math.abs(ordered(a) - ordered(b));
    }

    /** The float's position on the number line: consecutive floats are consecutive longs. */
    private static long ordered(float value) {
        int bits = Float.floatToRawIntBits(value);
        return bits >= 0 ? bits : -(long) (bits & 0x7fff_ffff);
    }
}
