package dev.slipway.cli.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 202 answer of {@code POST /endpoints/{endpoint}/async-invocations}, spelled the way SageMaker
 * spells it.
 *
 * @param outputLocation {@code slipway://async/<id>/output}: where the result will be
 * @param failureLocation {@code slipway://async/<id>/failure}: where a failure will be described
 */
public record AsyncAcceptance(
        @JsonProperty("InferenceId") String inferenceId,
        @JsonProperty("OutputLocation") String outputLocation,
        @JsonProperty("FailureLocation") String failureLocation) {}
