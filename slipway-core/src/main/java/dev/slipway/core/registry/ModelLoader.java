package dev.slipway.core.registry;

import dev.slipway.core.artifact.ArtifactStore;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a predictor for an artifact: verifies the stored bytes against their sha256, then hands
 * them to the format's runtime. Stateless and thread-safe; loading blocks (call it off the event
 * loop).
 */
public final class ModelLoader {
    private final Runtimes runtimes;
    private final ArtifactStore artifacts;

    public ModelLoader(Runtimes runtimes, ArtifactStore artifacts) {
        this.runtimes = runtimes;
        this.artifacts = artifacts;
    }

    public Runtimes runtimes() {
        return runtimes;
    }

    /** Loads a registered version with its stored signature and runtime parameters. */
    public Predictor load(ModelVersion version, int threads) {
        return load(
                version.format(),
                version.artifact().sha256(),
                Optional.of(version.signature()),
                version.runtimeParameters(),
                threads);
    }

    /**
     * @throws SlipwayException INVALID_ARTIFACT when the runtime cannot load the bytes
     */
    public Predictor load(
            String format,
            String sha256,
            Optional<Signature> declared,
            Map<String, String> runtimeParameters,
            int threads) {
        ModelRuntime runtime = runtimes.require(format);
        Path path;
        try {
            path = artifacts.materialize(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("reading artifact " + sha256, e);
        }
        try {
            return runtime.load(
                    new ModelArtifact(path, format, sha256),
                    new LoadOptions(threads, declared, runtimeParameters));
        } catch (ModelLoadException e) {
            throw new SlipwayException(
                    ErrorCode.INVALID_ARTIFACT,
                    "artifact "
                            + sha256.substring(0, 12)
                            + " does not load as "
                            + format
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
