package dev.slipway.core.testing;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime of format {@code fake}: loads {@link FakePredictor}s with the declared signature (or
 * {@link SampleModel#SIGNATURE}), multiplying by the factor set for the artifact (1 by default), or
 * by its load parameter {@code scale} when given. A test can make loads fail, or make the
 * predictors it loads from then on fail. Thread-safe.
 */
public final class FakeRuntime implements ModelRuntime {
    public static final String FORMAT = "fake";

    /** The one load parameter: a factor that replaces the artifact's. */
    public static final String SCALE = "scale";

    private final Map<String, Double> factors = new ConcurrentHashMap<>();
    private final List<FakePredictor> loaded = new CopyOnWriteArrayList<>();
    private final AtomicInteger loadAttempts = new AtomicInteger();
    private final AtomicInteger loadsBeforeFailure = new AtomicInteger();
    private volatile String loadFailure;
    private volatile String predictionFailure;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Set<String> loadParameters() {
        return Set.of(SCALE);
    }

    @Override
    public Optional<Signature> inspect(ModelArtifact artifact) {
        return Optional.empty();
    }

    @Override
    public Predictor load(ModelArtifact artifact, LoadOptions options) throws ModelLoadException {
        loadAttempts.incrementAndGet();
        String failure = loadFailure;
        if (failure != null && loadsBeforeFailure.getAndDecrement() <= 0) {
            throw new ModelLoadException(failure);
        }
        FakePredictor predictor =
                new FakePredictor(
                        options.declaredSignature().orElse(SampleModel.SIGNATURE),
                        options.parameters().containsKey(SCALE)
                                ? Double.parseDouble(options.parameters().get(SCALE))
                                : factors.getOrDefault(artifact.sha256(), 1.0),
                        options.threads());
        if (predictionFailure != null) {
            predictor.failPredictionsWith(predictionFailure);
        }
        loaded.add(predictor);
        return predictor;
    }

    /** Predictors of this artifact multiply their inputs by {@code factor}. */
    public void scaleOutputs(String sha256, double factor) {
        factors.put(sha256, factor);
    }

    public void failLoadsWith(String message) {
        failLoadsAfter(0, message);
    }

    /** The next {@code successfulLoads} loads succeed, the ones after fail with {@code message}. */
    public void failLoadsAfter(int successfulLoads, String message) {
        loadsBeforeFailure.set(successfulLoads);
        loadFailure = message;
    }

    public void allowLoads() {
        loadFailure = null;
    }

    /** Predictors loaded from now on fail every prediction with {@code message}. */
    public void failPredictionsWith(String message) {
        predictionFailure = message;
    }

    /** Calls to {@link #load}, failed ones included. */
    public int loadAttempts() {
        return loadAttempts.get();
    }

    /** Predictors loaded successfully, oldest first. */
    public List<FakePredictor> loaded() {
        return List.copyOf(loaded);
    }
}
