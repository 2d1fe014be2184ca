package dev.slipway.runtime.xgboost;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Serves XGBoost models (JSON, UBJSON or the legacy binary format, as saved by Python XGBoost 1.x
 * and later). XGBoost4J loads every model: one {@link Booster} per loaded copy. XGBoost4J 3 loads
 * JSON and UBJSON only, so a legacy binary model is first converted to JSON by {@link
 * LegacyBinaryModel}. The copy then predicts with the booster's trees compiled to Java ({@link
 * TreeEnsemble}) when they reproduce the booster, else with the booster itself.
 *
 * <p>Thread-safe: it holds no mutable state, and every load creates its own booster and trees.
 */
public final class XGBoostRuntime implements ModelRuntime {
    /**
     * Rows are dense, so one row of this many features is 64 MB. The bound also stops a damaged
     * header (num_feature in the billions) from making the load's probe row, and XGBoost's own
     * per-thread buffers, exhaust memory until the process is killed.
     */
    static final int MAX_FEATURES = 1 << 24;

    private static final System.Logger LOG = System.getLogger(XGBoostRuntime.class.getName());

    /** Compiles a booster's JSON to trees: {@link TreeEnsemble#compile}, or a test's stand-in. */
    private final Function<byte[], TreeCompilation> compiler;

    /**
     * ServiceLoader instantiates every runtime at server start, so the native library is loaded on
     * the first inspect or load, not here.
     */
    public XGBoostRuntime() {
        this(TreeEnsemble::compile);
    }

    /** With another tree compiler: for tests of what a defect in the trees evaluator does. */
    XGBoostRuntime(Function<byte[], TreeCompilation> compiler) {
        this.compiler = compiler;
    }

    @Override
    public String format() {
        return "xgboost";
    }

    /** {@code predictor}: {@code trees} or {@code xgboost4j} ({@link PredictorKind}). */
    @Override
    public Set<String> loadParameters() {
        return Set.of(PredictorKind.PARAMETER);
    }

    /** XGBoost models name no inputs or outputs; this only checks that the artifact loads. */
    @Override
    public Optional<Signature> inspect(ModelArtifact artifact) throws ModelLoadException {
        read(artifact).dispose();
        return Optional.empty();
    }

    /**
     * Loads a copy served by the {@link TreeEnsemble} when it reproduces the booster on probe rows
     * ({@link TreeVerification}), by XGBoost4J otherwise; the load parameter {@code predictor}
     * overrides the choice ({@link PredictorKind}).
     */
    @Override
    public Predictor load(ModelArtifact artifact, LoadOptions options) throws ModelLoadException {
        Optional<PredictorKind> requested = PredictorKind.requested(options.parameters());
        Booster booster = read(artifact);
        try {
            booster.setParam("nthread", options.threads());
            int features = featureCount(booster);
            int width = predictionWidth(booster, features);
            Signature signature;
            if (options.declaredSignature().isPresent()) {
                signature = options.declaredSignature().get();
                XGBoostSignatures.requireFits(signature, features, width);
            } else {
                signature = XGBoostSignatures.defaultFor(features, width);
            }
            if (requested.orElse(PredictorKind.TREES) == PredictorKind.TREES) {
                Optional<TreeEnsemble> trees =
                        verifiedTrees(artifact, booster, features, width, requested.isPresent());
                if (trees.isPresent()) {
                    booster.dispose();
                    return new XGBoostPredictor(trees.get(), signature, features, width);
                }
            }
            return new XGBoostPredictor(
                    new BoosterEvaluator(booster, features, width), signature, features, width);
        } catch (ModelLoadException | RuntimeException e) {
            booster.dispose();
            throw e;
        } catch (XGBoostError e) {
            booster.dispose();
            throw new ModelLoadException(
                    "XGBoost cannot serve this model: " + XGBoostErrors.summary(e), e);
        }
    }

    /**
     * The booster's trees compiled and checked against it, or empty (logged) when they cannot
     * serve. With {@code required}, that fails the load instead.
     */
    private Optional<TreeEnsemble> verifiedTrees(
            ModelArtifact artifact, Booster booster, int features, int width, boolean required)
            throws ModelLoadException {
        String reason;
        try {
            TreeCompilation compilation = compiler.apply(booster.toByteArray("json"));
            if (compilation instanceof TreeCompilation.Compiled compiled) {
                compilation =
                        TreeVerification.verify(compiled.ensemble(), booster, features, width);
            }
            switch (compilation) {
                case TreeCompilation.Compiled verified -> {
                    return Optional.of(verified.ensemble());
                }
                case TreeCompilation.Refused refused -> reason = refused.reason();
            }
        } catch (XGBoostError e) {
            reason = "XGBoost4J failed while checking the trees: " + XGBoostErrors.summary(e);
        } catch (RuntimeException e) {
            // A defect in the evaluator must not fail a load that XGBoost4J serves.
            reason = "the trees evaluator failed: " + e;
        }
        if (required) {
            throw new ModelLoadException(
                    PredictorKind.PARAMETER
                            + "="
                            + PredictorKind.TREES.parameterValue()
                            + " cannot serve this XGBoost model: "
                            + reason);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "XGBoost model {0} is served by XGBoost4J, not by its trees in Java: {1}",
                artifact.path(),
                reason);
        return Optional.empty();
    }

    private static Booster read(ModelArtifact artifact) throws ModelLoadException {
        byte[] model;
        try {
            model = Files.readAllBytes(artifact.path());
        } catch (IOException e) {
            throw new ModelLoadException(
                    "cannot read XGBoost model file " + artifact.path() + ": " + e, e);
        }
        Optional<XGBoostModelFormat> format = XGBoostModelFormat.detect(model);
        if (format.isEmpty()) {
            throw new ModelLoadException(
                    "not a valid XGBoost model: " + XGBoostModelFormat.describeUnknown(model));
        }
        if (format.get() == XGBoostModelFormat.LEGACY_BINARY) {
            // XGBoost 3 reads JSON and UBJSON only; the converter turns the binary format of
            // XGBoost 1.x and 2.x into the JSON that XGBoost 1.7 would write for it.
            model = LegacyBinaryModel.toJson(model);
        }
        if (format.get() == XGBoostModelFormat.UBJSON) {
            Optional<String> defect = UbjsonStructure.defect(model);
            if (defect.isPresent()) {
                throw new ModelLoadException(
                        "not a valid XGBoost model: malformed UBJSON, " + defect.get());
            }
        }
        try {
            return XGBoost.loadModel(model);
        } catch (XGBoostError | IOException e) {
            throw new ModelLoadException(
                    "not a valid XGBoost model: " + XGBoostErrors.summary(e), e);
        } catch (LinkageError e) {
            throw new ModelLoadException("the XGBoost native library could not be loaded: " + e, e);
        }
    }

    private static int featureCount(Booster booster) throws XGBoostError, ModelLoadException {
        long features = booster.getNumFeature();
        if (features < 1 || features > MAX_FEATURES) {
            throw new ModelLoadException(
                    "the XGBoost model declares "
                            + features
                            + " features; the runtime serves 1 to "
                            + MAX_FEATURES
                            + " (every row is a dense float array)");
        }
        return (int) features;
    }

    /**
     * Values per row (1 for regression and binary classification, the class count for
     * multi:softprob), found by predicting one row of zeros: the booster does not report it.
     */
    private static int predictionWidth(Booster booster, int features) throws XGBoostError {
        DMatrix row = new DMatrix(new float[features], 1, features, Float.NaN);
        try {
            return booster.predict(row)[0].length;
        } finally {
            row.dispose();
        }
    }
}
