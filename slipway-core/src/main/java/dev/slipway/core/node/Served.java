package dev.slipway.core.node;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictResult;

/** A prediction and the version that made it. */
public record Served(ModelVersionId version, PredictResult result) {}
