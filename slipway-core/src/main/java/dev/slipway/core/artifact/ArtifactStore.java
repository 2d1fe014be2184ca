package dev.slipway.core.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage for model artifacts. Implementations are thread-safe; storing the same
 * bytes twice is harmless and yields the same reference.
 */
public interface ArtifactStore {

    /** Stores the stream's bytes, returning their sha256 and size. */
    ArtifactRef put(InputStream content) throws IOException;

    /** The artifact's size when it is stored. */
    Optional<ArtifactRef> find(String sha256) throws IOException;

    /**
     * A local file holding the artifact, after checking its content still hashes to {@code sha256}.
     *
     * @throws dev.slipway.core.error.SlipwayException ARTIFACT_NOT_FOUND when it is missing,
     *     INVALID_ARTIFACT when the stored bytes no longer match their digest
     */
    Path materialize(String sha256) throws IOException;
}
