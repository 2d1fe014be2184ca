package dev.slipway.cli;

/**
 * A command could not do its job for a reason the user can act on; printed as {@code error: ...}.
 */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
