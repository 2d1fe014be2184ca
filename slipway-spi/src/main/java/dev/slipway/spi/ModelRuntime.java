package dev.slipway.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A runtime plugin: turns a model artifact of one format into {@link Predictor}s. Implementations
 * are found with {@link java.util.ServiceLoader}: a plugin jar lists its class in {@code
 * META-INF/services/dev.slipway.spi.ModelRuntime}. Implementations must be thread-safe.
 */
public interface ModelRuntime {

    /** The artifact format this runtime loads, e.g. {@code "onnx"}; lower case. */
    String format();

    /** What the predictors of this runtime can do; the gateway exposes the matching APIs. */
    default Set<Capability> capabilities() {
        return Set.of(Capability.PREDICT);
    }

    /**
     * The names of the load parameters this runtime reads ({@link LoadOptions#parameters()}); a
     * version registered with any other name is refused, so that a misspelt setting is not silently
     * ignored.
     */
    default Set<String> loadParameters() {
        return Set.of();
    }

    /**
     * Reads the signature the artifact declares, when the format carries one (ONNX does).
     *
     * @throws ModelLoadException when the artifact is not a valid model of this format
     */
    Optional<Signature> inspect(ModelArtifact artifact) throws ModelLoadException;

    /**
     * Loads one copy of a model. The returned predictor's signature is the artifact's own or, when
     * the artifact carries none, {@code options.declaredSignature()} checked against the model as
     * far as the format allows.
     *
     * @throws ModelLoadException when the artifact is corrupt or does not match the signature
     */
    Predictor load(ModelArtifact artifact, LoadOptions options) throws ModelLoadException;
}
