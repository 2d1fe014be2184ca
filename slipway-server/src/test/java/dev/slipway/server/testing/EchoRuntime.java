package dev.slipway.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.protocol.Json;
import dev.slipway.spi.DataType;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only runtime (format {@code test-echo}) whose artifact is a small JSON file describing its
 * behaviour, so end-to-end tests can roll out a candidate that is made to fail or to be slow:
 * {@code {"scale": 1.0, "failAfter": 10, "delayMs": 0}}. It answers {@code y = x * scale} for an
 * input {@code x} FP32 [-1, 2]; after {@code failAfter} predictions (-1: never) every prediction
 * fails; each prediction sleeps {@code delayMs}. Found by ServiceLoader from the test classpath.
 */
public final class EchoRuntime implements ModelRuntime {
    public static final Signature SIGNATURE =
            new Signature(
                    List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 2})),
                    List.of(new TensorSpec("y", DataType.FP32, new long[] {-1, 2})));

    @Override
    public String format() {
        return "test-echo";
    }

    @Override
    public Optional<Signature> inspect(ModelArtifact artifact) throws ModelLoadException {
        behaviour(artifact);
        return Optional.of(SIGNATURE);
    }

    @Override
    public Predictor load(ModelArtifact artifact, LoadOptions options) throws ModelLoadException {
        JsonNode behaviour = behaviour(artifact);
        return new EchoPredictor(
                behaviour.path("scale").asDouble(1.0),
                behaviour.path("failAfter").asLong(-1),
                behaviour.path("delayMs").asLong(0));
    }

    private static JsonNode behaviour(ModelArtifact artifact) throws ModelLoadException {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(artifact.path()));
            if (node == null || !node.isObject() || !node.has("scale")) {
                throw new ModelLoadException(
                        "not a test-echo model (needs a JSON object with 'scale')");
            }
            return node;
        } catch (IOException e) {
            throw new ModelLoadException("not a test-echo model: " + e.getMessage(), e);
        }
    }

    /** Thread-safe: the counter is atomic, the rest immutable. */
    private static final class EchoPredictor implements Predictor {
        private final float scale;
        private final long failAfter;
        private final long delayMs;
        private final AtomicLong predictions = new AtomicLong();

        EchoPredictor(double scale, long failAfter, long delayMs) {
            this.scale = (float) scale;
            this.failAfter = failAfter;
            this.delayMs = delayMs;
        }

        @Override
        public Signature signature() {
            return SIGNATURE;
        }

        @Override
        public PredictResult predict(PredictRequest request) {
            long count = predictions.incrementAndGet();
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failAfter >= 0 && count > failAfter) {
                throw PredictionException.failure(
                        "test-echo was told to fail after " + failAfter + " predictions", null);
            }
            Tensor x = request.input("x").orElseThrow();
            float[] y = x.floats().clone();
            for (int i = 0; i < y.length; i++) {
                y[i] *= scale;
            }
            return PredictResult.of(Tensor.ofFloats("y", x.shape(), y));
        }

        @Override
        public void close() {}
    }
}
