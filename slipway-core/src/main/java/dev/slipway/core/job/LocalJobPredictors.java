package dev.slipway.core.job;

import dev.slipway.core.endpoint.EndpointService;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.InputValidator;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.registry.ModelLoader;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import java.util.concurrent.CompletionException;

/**
 * Predictors of this process: a model target loads one copy per worker with the {@link ModelLoader}
 * (single-threaded, like an endpoint's copy, so {@code parallelism} is the number of cores the job
 * uses); an endpoint target goes through the {@link LocalNode} like any caller. Thread-safe.
 */
public final class LocalJobPredictors implements JobPredictors {
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final EndpointService endpoints;
    private final LocalNode node;

    public LocalJobPredictors(
            ModelRegistry registry, ModelLoader loader, EndpointService endpoints, LocalNode node) {
        this.registry = registry;
        this.loader = loader;
        this.endpoints = endpoints;
        this.node = node;
    }

    @Override
    public ModelVersion resolve(JobTarget target) {
        return switch (target) {
            case JobTarget.OnModel model -> registry.resolve(model.ref());
            case JobTarget.OnEndpoint endpoint ->
                    registry.version(endpoints.get(endpoint.endpoint()).version());
        };
    }

    @Override
    public ModelVersion versionFor(BatchJob job) {
        return job.version() != null
                ? registry.version(job.version())
                : resolve(job.spec().target());
    }

    @Override
    public JobPredictor open(BatchJob job) {
        return switch (job.spec().target()) {
            case JobTarget.OnModel model -> new OwnCopy(loader.load(versionFor(job), 1));
            case JobTarget.OnEndpoint endpoint -> new ThroughEndpoint(node, endpoint.endpoint());
        };
    }

    /** A copy loaded for one worker; checked against its signature like the gateway does. */
    private static final class OwnCopy implements JobPredictor {
        private final Predictor predictor;

        OwnCopy(Predictor predictor) {
            this.predictor = predictor;
        }

        @Override
        public PredictResult predict(PredictRequest request) {
            InputValidator.check(predictor.signature(), request, predictor.acceptsNaN());
            try {
                return predictor.predict(request);
            } catch (PredictionException e) {
                throw new SlipwayException(
                        e.isInvalidInput() ? ErrorCode.INVALID_INPUT : ErrorCode.RUNTIME_FAILURE,
                        e.getMessage(),
                        e);
            } catch (RuntimeException e) {
                throw new SlipwayException(ErrorCode.RUNTIME_FAILURE, "the model failed: " + e, e);
            }
        }

        @Override
        public void close() {
            predictor.close();
        }
    }

    /** The endpoint's copies, with its validation, queue limit and timeout. */
    private record ThroughEndpoint(LocalNode node, String endpoint) implements JobPredictor {
        @Override
        public PredictResult predict(PredictRequest request) {
            try {
                return node.infer(endpoint, null, request).join().result();
            } catch (CompletionException e) {
                if (e.getCause() instanceof SlipwayException failure) {
                    throw failure;
                }
                throw new SlipwayException(
                        ErrorCode.RUNTIME_FAILURE,
                        "endpoint '" + endpoint + "' failed: " + e.getCause(),
                        e.getCause());
            }
        }

        @Override
        public void close() {}
    }
}
