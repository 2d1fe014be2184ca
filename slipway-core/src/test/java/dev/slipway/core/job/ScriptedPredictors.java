package dev.slipway.core.job;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Tensor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample model ({@code y = 2x}) for every target, with failures on cue: a batch holding the
 * value 666 fails as a runtime failure, the first {@code busyAnswers} calls answer QUEUE_FULL, and
 * {@code pauseMillis} slows every call. Records the batch sizes it saw. Thread-safe.
 */
final class ScriptedPredictors implements JobPredictors {
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger busyAnswers = new AtomicInteger();
    volatile ErrorCode failEveryCallWith;
    volatile long pauseMillis;

    @Override
    public ModelVersion resolve(JobTarget target) {
        if (target.toString().startsWith("missing")) {
            throw new SlipwayException(ErrorCode.ENDPOINT_NOT_FOUND, "no " + target);
        }
        return SampleModel.version("sample", 1);
    }

    @Override
    public ModelVersion versionFor(BatchJob job) {
        return SampleModel.version("sample", 1);
    }

    @Override
    public JobPredictor open(BatchJob job) {
        opened.incrementAndGet();
        return new JobPredictor() {
            @Override
            public PredictResult predict(PredictRequest request) {
                float[] x = request.inputs().getFirst().floats();
                batchSizes.add(x.length / 2);
                pause();
                if (failEveryCallWith != null) {
                    throw new SlipwayException(failEveryCallWith, "scripted failure");
                }
                if (busyAnswers.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new SlipwayException(ErrorCode.QUEUE_FULL, "busy");
                }
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    if (x[i] == 666) {
                        throw new SlipwayException(ErrorCode.RUNTIME_FAILURE, "666 is cursed");
                    }
                    y[i] = 2 * x[i];
                }
                return PredictResult.of(
                        Tensor.ofFloats("y", request.inputs().getFirst().shape(), y));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    private void pause() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
