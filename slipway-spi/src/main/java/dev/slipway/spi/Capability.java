package dev.slipway.spi;

/** What a runtime's predictors can do. */
public enum Capability {
    /** Named tensors in, named tensors out ({@link Predictor#predict}). */
    PREDICT,
    /** Streams generated output chunks ({@link StreamingPredictor}), e.g. tokens of an LLM. */
    GENERATE,
    /** Maps inputs to embedding vectors. */
    EMBED
}
