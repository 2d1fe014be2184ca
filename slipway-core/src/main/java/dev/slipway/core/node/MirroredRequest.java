package dev.slipway.core.node;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;

/**
 * One request answered by the primary and mirrored to the candidate.
 *
 * @param candidateResult null when the candidate failed; then {@code candidateError} says why
 */
public record MirroredRequest(
        String endpoint,
        String captureId,
        ModelVersionId primaryVersion,
        ModelVersionId candidateVersion,
        PredictRequest request,
        PredictResult primaryResult,
        PredictResult candidateResult,
        String candidateError,
        long primaryNanos,
        long candidateNanos) {}
