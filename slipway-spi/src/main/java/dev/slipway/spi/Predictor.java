package dev.slipway.spi;

/**
 * One loaded copy of a model. The server calls {@link #predict} from a bounded pool of worker
 * threads, or on the calling thread (an event loop, say) for the calls the predictor declares
 * {@link #runsInline inline} and, once its calls have proven quick, for batches gathered there. It
 * may call it concurrently; an implementation that cannot run calls in parallel must serialise them
 * itself. {@link #close} is called once, after the last call has returned, and releases native
 * memory.
 */
public interface Predictor extends AutoCloseable {

    /** The inputs this predictor accepts and the outputs it produces. */
    Signature signature();

    /**
     * Runs the model on a batch. Inputs have already been checked against {@link #signature()}
     * (names, datatypes, shapes); outputs must be named and typed as the signature declares.
     *
     * @throws PredictionException when the model fails or rejects the values
     */
    PredictResult predict(PredictRequest request) throws PredictionException;

    /**
     * Whether NaN is a meaningful input value (tree models read it as "missing"). When false, the
     * server rejects NaN inputs before they reach the model.
     */
    default boolean acceptsNaN() {
        return false;
    }

    /**
     * Whether a call with {@code rows} rows is work the server may run on the calling thread
     * instead of handing it to a worker: bounded, in the order of a microsecond (less than the
     * hand-off itself), in Java, with no I/O, native call, lock or wait. The default, false, keeps
     * every call on the workers, where it may be batched with others.
     */
    default boolean runsInline(int rows) {
        return false;
    }

    @Override
    void close();
}
