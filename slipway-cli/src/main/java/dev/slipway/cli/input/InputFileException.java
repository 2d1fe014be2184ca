package dev.slipway.cli.input;

/** A file the user named is missing or malformed; the message names the file and the place. */
public final class InputFileException extends RuntimeException {
    public InputFileException(String message) {
        super(message);
    }
}
