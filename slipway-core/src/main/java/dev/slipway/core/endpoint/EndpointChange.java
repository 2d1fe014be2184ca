package dev.slipway.core.endpoint;

import java.time.Duration;

/**
 * Fields a caller sets on an endpoint; null means "default" on create and "unchanged" on update.
 */
public record EndpointChange(
        String model, Integer copies, Double cores, Long memoryBytes, Duration timeout) {}
