package dev.slipway.spi;

/**
 * A predictor that emits its output in chunks (tokens of a generative model). The server exposes it
 * when the runtime declares {@link Capability#GENERATE}.
 */
public interface StreamingPredictor extends Predictor {

    /** Receives output chunks as the model produces them. */
    interface OutputSink {
        /** Delivers one chunk; called from the predicting thread, in order. */
        void emit(PredictResult chunk);

        /** True once the caller went away; the predictor should stop soon after. */
        boolean cancelled();
    }

    /** Runs the model, emitting chunks until done or {@link OutputSink#cancelled()}. */
    void stream(PredictRequest request, OutputSink sink) throws PredictionException;
}
