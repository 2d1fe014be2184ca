package dev.slipway.core.node;

import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.Failures.resultOf;
import static dev.slipway.core.testing.SampleModel.output;
import static dev.slipway.core.testing.SampleModel.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Batching;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.testing.FakePredictor;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dynamic batching in a copy: what is merged, what runs alone, and what each caller gets back. */
class CopyBatchingTest {
    private static final ModelVersionId VERSION = new ModelVersionId("fraud", 1);
    private static final long FAR = Duration.ofMinutes(1).toNanos();

    private final RowEcho predictor = new RowEcho();
    private final RecordingObserver observer = new RecordingObserver();
    private Copy copy = batchingCopy(true);

    @AfterEach
    void retire() {
        copy.retire();
    }

    @Test
    void mergesConcurrentRequestsIntoOneRuntimeCallAndGivesEachCallerItsOwnRows() throws Exception {
        QueuePolicy policy = batching(3, Duration.ofSeconds(1));
        var blocker = occupyWorker(policy);

        var first = copy.submit(request(1, 2), deadline(), policy);
        var second = copy.submit(request(3, 4), deadline(), policy);
        var third = copy.submit(request(5, 6), deadline(), policy);
        release(blocker);

        assertThat(resultOf(first).outputs()).containsExactly(output(1, 2));
        assertThat(resultOf(second).outputs()).containsExactly(output(3, 4));
        assertThat(resultOf(third).outputs()).containsExactly(output(5, 6));
        assertThat(predictor.rowsPerCall).containsExactly(1, 3);
        assertThat(observer.runs)
                .containsExactly("1 rows from 1 requests", "3 rows from 3 requests");
    }

    @Test
    void inlineCallsAreObservedAsBatchesOfOneThatNeverWaited() {
        predictor.inlineRows = 1;
        QueuePolicy policy = batching(3, Duration.ofSeconds(1));

        assertThat(resultOf(copy.submit(request(1, 2), deadline(), policy)).outputs())
                .containsExactly(output(1, 2));
        assertThat(resultOf(copy.submit(request(3, 4), deadline(), policy)).outputs())
                .containsExactly(output(3, 4));

        assertThat(predictor.rowsPerCall).containsExactly(1, 1);
        assertThat(observer.runs)
                .containsExactly("1 rows from 1 requests", "1 rows from 1 requests");
        assertThat(observer.waits).containsExactly(0L, 0L);
    }

    @Test
    void aRequestWithMoreRowsThanTheBatchSizeRunsAlone() {
        QueuePolicy policy = batching(2, Duration.ofSeconds(1));

        var big = copy.submit(request(1, 2, 3, 4, 5, 6), deadline(), policy);

        assertThat(resultOf(big).outputs()).containsExactly(output(1, 2, 3, 4, 5, 6));
        assertThat(predictor.rowsPerCall).containsExactly(3);
    }

    @Test
    void aRequestThatWouldOverflowTheBatchWaitsForTheNextOne() throws Exception {
        QueuePolicy policy = batching(3, Duration.ofMillis(100));
        var blocker = occupyWorker(policy);

        var first = copy.submit(request(1, 2, 3, 4), deadline(), policy);
        var second = copy.submit(request(5, 6, 7, 8), deadline(), policy);
        release(blocker);

        assertThat(resultOf(first).outputs()).containsExactly(output(1, 2, 3, 4));
        assertThat(resultOf(second).outputs()).containsExactly(output(5, 6, 7, 8));
        assertThat(predictor.rowsPerCall).containsExactly(1, 2, 2);
    }

    @Test
    void requestsAskingForDifferentOutputsAreNotMerged() throws Exception {
        QueuePolicy policy = batching(2, Duration.ofMillis(100));
        PredictRequest onlyY =
                new PredictRequest(List.of(SampleModel.input(3, 4)), Set.of("y"), Map.of());
        var blocker = occupyWorker(policy);

        var all = copy.submit(request(1, 2), deadline(), policy);
        var selected = copy.submit(onlyY, deadline(), policy);
        release(blocker);

        assertThat(resultOf(all).outputs()).containsExactly(output(1, 2));
        assertThat(resultOf(selected).outputs()).containsExactly(output(3, 4));
        assertThat(predictor.rowsPerCall).containsExactly(1, 1, 1);
    }

    @Test
    void aBadRequestSpoilingABatchFailsAloneWhileTheOthersGetTheirRows() throws Exception {
        QueuePolicy policy = batching(3, Duration.ofSeconds(1));
        var blocker = occupyWorker(policy);

        var good = copy.submit(request(1, 2), deadline(), policy);
        var bad = copy.submit(request(-1, 2), deadline(), policy);
        var alsoGood = copy.submit(request(5, 6), deadline(), policy);
        release(blocker);

        assertThat(resultOf(good).outputs()).containsExactly(output(1, 2));
        SlipwayException failure = failureOf(bad);
        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(failure).hasMessageContaining("negative");
        assertThat(resultOf(alsoGood).outputs()).containsExactly(output(5, 6));
        // The merged call failed, then each request ran by itself.
        assertThat(predictor.rowsPerCall).containsExactly(1, 3, 1, 1, 1);
    }

    @Test
    void aModelWithoutABatchDimensionIsNeverMerged() throws Exception {
        copy.retire();
        copy = batchingCopy(false);
        QueuePolicy policy = batching(3, Duration.ofMillis(50));
        var blocker = occupyWorker(policy);

        var first = copy.submit(request(1, 2), deadline(), policy);
        var second = copy.submit(request(3, 4), deadline(), policy);
        release(blocker);

        resultOf(first);
        resultOf(second);
        assertThat(predictor.rowsPerCall).containsExactly(1, 1, 1);
    }

    @Test
    void aRequestWhoseDeadlinePassedIsDroppedFromTheBatchUnrun() throws Exception {
        QueuePolicy policy = batching(2, Duration.ofSeconds(1));
        var blocker = occupyWorker(policy);

        var live = copy.submit(request(1, 2), deadline(), policy);
        var expired = copy.submit(request(3, 4), System.nanoTime() - 1, policy);
        release(blocker);

        assertThat(resultOf(live).outputs()).containsExactly(output(1, 2));
        assertThat(failureOf(expired).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(predictor.rowsPerCall).containsExactly(1, 1);
        assertThat(observer.expired).hasValue(1);
    }

    @Test
    void theEndpointsMaxQueueBoundsTheWaitingRequests() {
        FakePredictor held = FakePredictor.echo();
        Copy small = new Copy("scoring", VERSION, held, 1, 100, true, observer);
        QueuePolicy policy = new QueuePolicy(2, 0, Batching.OFF);
        held.holdPredictions();
        var running = small.submit(request(1, 2), deadline(), policy);
        held.awaitHeldPredictions(1);
        var queued =
                List.of(
                        small.submit(request(3, 4), deadline(), policy),
                        small.submit(request(5, 6), deadline(), policy));

        SlipwayException full = failureOf(() -> small.submit(request(7, 8), deadline(), policy));

        assertThat(full.code()).isEqualTo(ErrorCode.QUEUE_FULL);
        assertThat(full).hasMessageContaining("(2 waiting)");
        assertThat(observer.rejected).hasValue(1);
        assertThat(small.queueDepth()).isEqualTo(2);
        held.releasePredictions();
        resultOf(running);
        queued.forEach(future -> resultOf(future));
        assertThat(small.queueDepth()).isZero();
        small.retire();
    }

    /**
     * Keeps the copy's only worker busy with a 1-row request, so that what is submitted next waits
     * in the queue together; {@link #release} lets it go.
     */
    private CompletableFuture<PredictResult> occupyWorker(QueuePolicy policy) throws Exception {
        predictor.gate = new CountDownLatch(1);
        var blocker = copy.submit(request(0, 0), deadline(), policy);
        assertThat(predictor.held.await(10, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private void release(CompletableFuture<PredictResult> blocker) {
        CountDownLatch gate = predictor.gate;
        predictor.gate = null;
        gate.countDown();
        resultOf(blocker);
    }

    private Copy batchingCopy(boolean batchable) {
        return new Copy("scoring", VERSION, predictor, 1, 100, batchable, observer);
    }

    private static QueuePolicy batching(int maxBatchSize, Duration maxDelay) {
        return new QueuePolicy(0, 0, new Batching(maxBatchSize, maxDelay));
    }

    private static long deadline() {
        return System.nanoTime() + FAR;
    }

    /** Echoes {@code x} as {@code y}, records the rows of every call, refuses negative values. */
    private static final class RowEcho implements Predictor {
        final List<Integer> rowsPerCall = new CopyOnWriteArrayList<>();
        final CountDownLatch held = new CountDownLatch(1);
        volatile CountDownLatch gate;
        volatile int inlineRows = -1;

        @Override
        public Signature signature() {
            return SampleModel.SIGNATURE;
        }

        @Override
        public boolean runsInline(int rows) {
            return rows <= inlineRows;
        }

        @Override
        public PredictResult predict(PredictRequest request) {
            Tensor x = request.input("x").orElseThrow();
            rowsPerCall.add((int) x.shape()[0]);
            CountDownLatch current = gate;
            if (current != null) {
                held.countDown();
                await(current);
            }
            for (float value : x.floats()) {
                if (value < 0) {
                    throw PredictionException.invalidInput("negative value " + value);
                }
            }
            return PredictResult.of(x.withName("y"));
        }

        @Override
        public void close() {}

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held prediction was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class RecordingObserver implements QueueObserver {
        final List<String> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();
        final List<Long> waits = new CopyOnWriteArrayList<>();

        @Override
        public void rejected(String endpoint) {
            rejected.incrementAndGet();
        }

        @Override
        public void dequeued(String endpoint, long waitedNanos, boolean wasExpired) {
            waits.add(waitedNanos);
            if (wasExpired) {
                expired.incrementAndGet();
            }
        }

        @Override
        public void ran(String endpoint, int rows, int requests) {
            runs.add(rows + " rows from " + requests + " requests");
        }
    }
}
