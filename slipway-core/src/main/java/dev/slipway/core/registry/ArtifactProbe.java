package dev.slipway.core.registry;

import dev.slipway.spi.Signature;
import java.util.Optional;

/**
 * Tries a new artifact where a crash cannot take the server down, before the server loads it
 * itself. Native runtimes parse untrusted bytes: a crafted XGBoost model with bad node indices
 * crashes the JVM inside XGBoost, which no exception handler can catch.
 */
public interface ArtifactProbe {

    /** Trusts every artifact (for tests and runtimes written in Java). */
    ArtifactProbe NONE = (format, sha256, declared) -> {};

    /**
     * Loads the artifact and runs one prediction in isolation.
     *
     * @throws dev.slipway.core.error.SlipwayException INVALID_ARTIFACT when it fails or crashes
     */
    void probe(String format, String sha256, Optional<Signature> declared);
}
