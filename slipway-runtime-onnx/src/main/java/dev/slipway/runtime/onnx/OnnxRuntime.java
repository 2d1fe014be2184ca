package dev.slipway.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Serves ONNX models with ONNX Runtime: one {@link OrtSession} per loaded copy, all sessions on the
 * process-wide {@link OrtEnvironment}.
 *
 * <p>Thread-safe: it holds no mutable state, and ONNX Runtime creates sessions concurrently.
 */
public final class OnnxRuntime implements ModelRuntime {

    /**
     * ServiceLoader instantiates every runtime at server start, so the native library is loaded on
     * the first inspect or load, not here.
     */
    public OnnxRuntime() {}

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public Optional<Signature> inspect(ModelArtifact artifact) throws ModelLoadException {
        try (OrtSession session = openSession(artifact, 1)) {
            return Optional.of(OnnxSignatures.read(session));
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "could not read the ONNX model's signature: " + e.getMessage(), e);
        }
    }

    @Override
    public Predictor load(ModelArtifact artifact, LoadOptions options) throws ModelLoadException {
        OrtSession session = openSession(artifact, options.threads());
        try {
            Signature signature = OnnxSignatures.read(session);
            if (options.declaredSignature().isPresent()) {
                OnnxSignatures.requireAgreement(options.declaredSignature().get(), signature);
            }
            return new OnnxPredictor(environment(), session, signature);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session, e);
            throw new ModelLoadException(
                    "could not read the ONNX model's signature: " + e.getMessage(), e);
        }
    }

    private static OrtSession openSession(ModelArtifact artifact, int threads)
            throws ModelLoadException {
        if (!Files.isRegularFile(artifact.path())) {
            throw new ModelLoadException("ONNX model file not found: " + artifact.path());
        }
        OrtEnvironment environment = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // The copy's reserved cores run one inference; copies scale out across requests.
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            // Idle intra-op threads spin by default, burning cores that other copies packed on the
            // same node have reserved.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            // Every failure reaches the caller as an exception; ONNX Runtime would also print each
            // one (a bad request, say) to stderr, unstructured.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            return environment.createSession(artifact.path().toString(), options);
        } catch (OrtException e) {
            throw loadFailure(e);
        }
    }

    private static ModelLoadException loadFailure(OrtException e) {
        return switch (e.getCode()) {
            case ORT_INVALID_PROTOBUF, ORT_INVALID_GRAPH, ORT_NO_MODEL, ORT_NO_SUCHFILE ->
                    new ModelLoadException("not a valid ONNX model: " + e.getMessage(), e);
            default ->
                    new ModelLoadException(
                            "ONNX Runtime cannot load this model: " + e.getMessage(), e);
        };
    }

    private static OrtEnvironment environment() throws ModelLoadException {
        try {
            // One environment per process: ONNX Runtime allows no other, and getEnvironment() is
            // idempotent and synchronized.
            return OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException(
                    "the ONNX Runtime native library could not be loaded: " + e, e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        try {
            session.close();
        } catch (OrtException e) {
            primary.addSuppressed(e);
        }
    }
}
