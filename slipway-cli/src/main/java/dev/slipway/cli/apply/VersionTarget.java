package dev.slipway.cli.apply;

/**
 * The version an alias or endpoint should point at. Its number is unknown while planning when the
 * plan itself registers it, so that case is its own type and is resolved when executing.
 */
public sealed interface VersionTarget {

    /** A version whose number is known. */
    record Existing(int version) implements VersionTarget {}

    /** The version this plan registers for the model. */
    record Registered() implements VersionTarget {}
}
