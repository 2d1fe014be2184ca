package dev.slipway.core.testing;

import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A predictor whose output {@code i} is its input {@code i} (by signature position), FP32 values
 * multiplied by a factor. A test can make it fail, or hold predictions until released so that it
 * can look at in-flight behaviour without sleeping. Thread-safe.
 */
public final class FakePredictor implements Predictor {
    /** Bound on every wait, so a broken test fails instead of hanging the build. */
    static final long WAIT_SECONDS = 10;

    private final Signature signature;
    private final double factor;
    private final int threads;
    private final List<PredictRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();
    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CountDownLatch gate;
    private volatile PredictionException failure;
    private volatile int inlineRows = -1;

    public FakePredictor(Signature signature, double factor, int threads) {
        this.signature = signature;
        this.factor = factor;
        this.threads = threads;
    }

    /** An echo predictor of {@link SampleModel}. */
    public static FakePredictor echo() {
        return new FakePredictor(SampleModel.SIGNATURE, 1, 1);
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public boolean runsInline(int rows) {
        return rows <= inlineRows;
    }

    /** From now on, calls of up to {@code rows} rows declare themselves inline. */
    public void runInlineUpTo(int rows) {
        inlineRows = rows;
    }

    @Override
    public PredictResult predict(PredictRequest request) {
        requests.add(request);
        callers.add(Thread.currentThread());
        CountDownLatch currentGate = gate;
        if (currentGate != null) {
            held.release();
            awaitOrFail(currentGate, "a held prediction was never released");
        }
        PredictionException currentFailure = failure;
        if (currentFailure != null) {
            throw currentFailure;
        }
        List<Tensor> outputs = new ArrayList<>();
        for (int i = 0; i < signature.outputs().size(); i++) {
            TensorSpec output = signature.outputs().get(i);
            if (request.wants(output.name())) {
                Tensor input = request.input(signature.inputs().get(i).name()).orElseThrow();
                outputs.add(scaled(input).withName(output.name()));
            }
        }
        return new PredictResult(outputs);
    }

    /** From now on, predictions wait in {@link #predict} until {@link #releasePredictions()}. */
    public void holdPredictions() {
        gate = new CountDownLatch(1);
    }

    /** Waits until {@code count} more predictions are being held. */
    public void awaitHeldPredictions(int count) {
        try {
            if (!held.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(count + " prediction(s) never arrived");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Lets the held predictions finish; later ones are not held. */
    public void releasePredictions() {
        CountDownLatch currentGate = gate;
        gate = null;
        if (currentGate != null) {
            currentGate.countDown();
        }
    }

    /** From now on, predictions fail as a model failure would. */
    public void failPredictionsWith(String message) {
        failure = PredictionException.failure(message, null);
    }

    /** From now on, predictions fail as a model rejecting the values would. */
    public void rejectInputsWith(String message) {
        failure = PredictionException.invalidInput(message);
    }

    /** Every request that reached {@link #predict}, in arrival order. */
    public List<PredictRequest> requests() {
        return List.copyOf(requests);
    }

    /** The thread of each call to {@link #predict}, in arrival order. */
    public List<Thread> callers() {
        return List.copyOf(callers);
    }

    public int predictions() {
        return requests.size();
    }

    public int threads() {
        return threads;
    }

    @Override
    public void close() {
        closed.countDown();
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Waits until {@link #close()} has been called. */
    public void awaitClosed() {
        awaitOrFail(closed, "the predictor was never closed");
    }

    private Tensor scaled(Tensor input) {
        if (input.datatype() != DataType.FP32) {
            return input;
        }
        float[] values = input.floats().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] * factor);
        }
        return Tensor.ofFloats(input.name(), input.shape(), values);
    }

    private static void awaitOrFail(CountDownLatch latch, String message) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(message + " within " + WAIT_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(message, e);
        }
    }
}
