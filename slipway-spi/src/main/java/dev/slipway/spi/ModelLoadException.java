package dev.slipway.spi;

/** An artifact could not be loaded: corrupt, of another format, or not matching its signature. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
