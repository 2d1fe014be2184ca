package dev.slipway.core.node;

import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.spi.PredictResult;

/** A prediction, the version that made it, and how long the node took. */
public record Served(ModelVersionId version, PredictResult result, long nanos) {}
