package dev.slipway.runtime.xgboost;

import java.util.Optional;

/**
 * The objectives whose prediction {@link TreeEnsemble} reproduces: how XGBoost 3.x turns the saved
 * {@code base_score} into a starting margin ({@code ObjFunction::ProbToMargin}) and the summed
 * margins into predictions ({@code PredTransform}).
 *
 * <p>Read in XGBoost's source (dmlc/xgboost, the 2026 revision whose objectives live in one file
 * each, which behaves as XGBoost4J 3.4.0 does: see the tests): src/objective/logistic_obj.h and
 * .cc, poisson_obj.h, gamma_obj.h, tweedie_obj.h, multiclass_obj.cc, and src/common/math.h
 * (Sigmoid, Softmax, FindMaxIndex); reg:squaredlogerror, reg:pseudohubererror and reg:absoluteerror
 * leave base_score and margins as they are. Every step is the same float operation in the same
 * order; only the elementary functions differ: XGBoost calls the C library's {@code expf} and
 * {@code logf}, this class rounds {@link StrictMath#exp} and {@link StrictMath#log} of the float to
 * a float. Both are within about half an ulp of the exact value, so they agree almost always and
 * otherwise differ by one ulp (glibc's expf(-1.7812086f) is 0x3e2c7a15, the nearest float is
 * 0x3e2c7a14). StrictMath, not Math, so that the value does not depend on the JVM, its platform or
 * whether the code is compiled. Hence {@link #ulpTolerance}.
 *
 * <p>The same holds for a base margin that goes through logf (binary:logistic, reg:logistic,
 * count:poisson, reg:gamma, reg:tweedie): for some base_score values it is one ulp from XGBoost's
 * (7 of 3000 random logistic ones, 9 of 1000 Poisson ones), which {@link TreeVerification} corrects
 * from XGBoost4J's margins.
 *
 * <p>Thread-safe: stateless.
 */
enum TreeObjective {
    SQUARED_ERROR("reg:squarederror", Intercept.IDENTITY, Transform.IDENTITY),
    SQUARED_LOG_ERROR("reg:squaredlogerror", Intercept.IDENTITY, Transform.IDENTITY),
    PSEUDO_HUBER_ERROR("reg:pseudohubererror", Intercept.IDENTITY, Transform.IDENTITY),
    ABSOLUTE_ERROR("reg:absoluteerror", Intercept.IDENTITY, Transform.IDENTITY),
    BINARY_LOGISTIC("binary:logistic", Intercept.LOGIT, Transform.SIGMOID),
    REG_LOGISTIC("reg:logistic", Intercept.LOGIT, Transform.SIGMOID),
    /** Unlike binary:logistic, its base_score is taken as a margin (no ProbToMargin in 3.x). */
    BINARY_LOGITRAW("binary:logitraw", Intercept.IDENTITY, Transform.IDENTITY),
    COUNT_POISSON("count:poisson", Intercept.LOG, Transform.EXP),
    REG_GAMMA("reg:gamma", Intercept.LOG, Transform.EXP),
    REG_TWEEDIE("reg:tweedie", Intercept.LOG, Transform.EXP),
    /** Multi-class intercepts are saved as margins already: ProbToMargin is the identity. */
    MULTI_SOFTPROB("multi:softprob", Intercept.IDENTITY, Transform.SOFTMAX),
    MULTI_SOFTMAX("multi:softmax", Intercept.IDENTITY, Transform.ARGMAX);

    /** XGBoost's kRtEps (include/xgboost/base.h). */
    private static final float RT_EPS = 1e-6f;

    private final String xgboostName;
    private final Intercept intercept;
    private final Transform transform;

    TreeObjective(String xgboostName, Intercept intercept, Transform transform) {
        this.xgboostName = xgboostName;
        this.intercept = intercept;
        this.transform = transform;
    }

    static Optional<TreeObjective> named(String name) {
        for (TreeObjective objective : values()) {
            if (objective.xgboostName.equals(name)) {
                return Optional.of(objective);
            }
        }
        return Optional.empty();
    }

    String xgboostName() {
        return xgboostName;
    }

    /** The margin every row starts from, for one output group. */
    float baseMargin(float baseScore) {
        return switch (intercept) {
            case IDENTITY -> baseScore;
            case LOGIT -> {
                // LogisticProbToMargin: clamped to [kRtEps, 1 - kRtEps], then the logit.
                float probability = Math.min(Math.max(baseScore, RT_EPS), 1.0f - RT_EPS);
                yield -logf(1.0f / probability - 1.0f);
            }
            case LOG -> logf(baseScore);
        };
    }

    /** Whether {@link #baseMargin} calls logf, whose last bit C libraries round differently. */
    boolean baseMarginUsesLogf() {
        return intercept != Intercept.IDENTITY;
    }

    /** Values per row: the class index for multi:softmax, one per output group otherwise. */
    int width(int groups) {
        return transform == Transform.ARGMAX ? 1 : groups;
    }

    /**
     * Writes one row's predictions from its {@code groups} margins at {@code margins[from]}; may
     * overwrite the margins.
     */
    void transform(float[] margins, int from, int groups, float[] out, int outFrom) {
        switch (transform) {
            case IDENTITY -> System.arraycopy(margins, from, out, outFrom, groups);
            case SIGMOID -> {
                for (int i = 0; i < groups; i++) {
                    out[outFrom + i] = sigmoid(margins[from + i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < groups; i++) {
                    out[outFrom + i] = expf(margins[from + i]);
                }
            }
            case SOFTMAX -> softmax(margins, from, groups, out, outFrom);
            case ARGMAX -> out[outFrom] = firstMaxIndex(margins, from, groups);
        }
    }

    /**
     * How many ulps a prediction may be from XGBoost's when the margins agree bit for bit, if the
     * only difference is one ulp in each expf (see the class comment):
     *
     * <ul>
     *   <li>identity, and the class index of multi:softmax: none.
     *   <li>exp: the one ulp.
     *   <li>sigmoid, 1 / (expf(-x) + 1): the sum moves by at most one ulp of itself and the
     *       quotient by at most two of its own (seen: margin 1.7812086 gives 0x3f5b18b9 in XGBoost,
     *       0x3f5b18bb here).
     *   <li>softmax, e / (float) sum: the numerator moves by 2^-23 of itself, the sum by 2 ulps,
     *       2^-22 of itself, so the quotient by 3 * 2^-23 of itself, at most 6 of its ulps.
     * </ul>
     */
    int ulpTolerance() {
        return switch (transform) {
            case IDENTITY, ARGMAX -> 0;
            case EXP -> 1;
            case SIGMOID -> 2;
            case SOFTMAX -> 6;
        };
    }

    /** Whether each prediction depends on its own margin only (not on the row's other groups). */
    boolean elementwise() {
        return transform == Transform.IDENTITY
                || transform == Transform.SIGMOID
                || transform == Transform.EXP;
    }

    /** One margin's prediction, for an {@link #elementwise} objective. */
    float transform(float margin) {
        return switch (transform) {
            case IDENTITY -> margin;
            case SIGMOID -> sigmoid(margin);
            case EXP -> expf(margin);
            case SOFTMAX, ARGMAX ->
                    throw new IllegalStateException(xgboostName + " transforms whole rows");
        };
    }

    /**
     * common::Sigmoid(float): the negated margin is capped at 88.7 so that expf does not overflow,
     * and 1e-16f is added to the denominator (which changes no float at or above 1).
     */
    static float sigmoid(float margin) {
        float negated = Math.min(-margin, 88.7f);
        float denominator = expf(negated) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    /**
     * common::Softmax: the maximum by fmaxf, the exponentials as floats summed in a double, and
     * each divided by the sum rounded to float.
     */
    private static void softmax(float[] margins, int from, int groups, float[] out, int outFrom) {
        float max = margins[from];
        for (int i = 1; i < groups; i++) {
            max = fmaxf(margins[from + i], max);
        }
        double sum = 0.0;
        for (int i = 0; i < groups; i++) {
            float exponential = expf(margins[from + i] - max);
            out[outFrom + i] = exponential;
            sum += exponential;
        }
        float divisor = (float) sum;
        for (int i = 0; i < groups; i++) {
            out[outFrom + i] /= divisor;
        }
    }

    /** common::FindMaxIndex: the first of equal maxima, as a float. */
    private static float firstMaxIndex(float[] margins, int from, int groups) {
        int best = 0;
        for (int i = 1; i < groups; i++) {
            if (margins[from + i] > margins[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** C's fmaxf: a NaN operand is ignored. */
    private static float fmaxf(float x, float y) {
        if (Float.isNaN(x)) {
            return y;
        }
        if (Float.isNaN(y)) {
            return x;
        }
        return x > y ? x : y;
    }

    static float expf(float x) {
        return (float) StrictMath.exp(x);
    }

    static float logf(float x) {
        return (float) StrictMath.log(x);
    }

    private enum Intercept {
        IDENTITY,
        LOGIT,
        LOG
    }

    private enum Transform {
        IDENTITY,
        SIGMOID,
        EXP,
        SOFTMAX,
        ARGMAX
    }
}
