package dev.slipway.core.node;

import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.Failures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.testing.FakePredictor;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.PredictResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A copy's life: taking requests, dropping expired ones, and closing once retired and idle. */
class CopyTest {
    private static final ModelVersionId VERSION = new ModelVersionId("fraud", 1);
    private static final long FAR_DEADLINE = Duration.ofMinutes(1).toNanos();

    private final FakePredictor predictor = FakePredictor.echo();
    private final Copy copy = new Copy("scoring", VERSION, predictor, 1, 4);

    @AfterEach
    void releaseAndRetire() {
        predictor.releasePredictions();
        copy.retire();
    }

    @Test
    void retiringAnIdleCopyClosesItAtOnce() {
        copy.retire();

        assertThat(copy.isClosed()).isTrue();
        assertThat(predictor.isClosed()).isTrue();
    }

    @Test
    void retiringABusyCopyClosesItWhenItsLastRequestFinishes() {
        predictor.holdPredictions();
        CompletableFuture<PredictResult> running = submit();
        predictor.awaitHeldPredictions(1);

        copy.retire();

        assertThat(copy.isClosed()).isFalse();
        assertThat(copy.load()).isEqualTo(1);
        predictor.releasePredictions();
        resultOf(running);
        predictor.awaitClosed();
        assertThat(copy.isClosed()).isTrue();
    }

    @Test
    void aRetiredCopyTakesNoNewRequest() {
        copy.retire();

        assertThat(copy.submit(SampleModel.request(1, 2), System.nanoTime() + FAR_DEADLINE))
                .isNull();
        assertThat(predictor.predictions()).isZero();
    }

    @Test
    void aRequestWhoseDeadlinePassedWhileQueuedNeverRuns() {
        predictor.holdPredictions();
        CompletableFuture<PredictResult> running = submit();
        predictor.awaitHeldPredictions(1);
        CompletableFuture<PredictResult> expired =
                copy.submit(SampleModel.request(3, 4), System.nanoTime() - 1);

        predictor.releasePredictions();

        assertThat(failureOf(expired).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failureOf(expired))
                .hasMessage("endpoint 'scoring': request timed out in the queue");
        resultOf(running);
        assertThat(predictor.predictions()).isEqualTo(1);
    }

    @Test
    void aQueuedRequestIsAnsweredTimeoutAtItsDeadlineWhileTheWorkerIsStillBusy() {
        predictor.holdPredictions();
        CompletableFuture<PredictResult> running = submit();
        predictor.awaitHeldPredictions(1);
        CompletableFuture<PredictResult> queued =
                copy.submit(SampleModel.request(3, 4), System.nanoTime() + 30_000_000L);

        assertThat(failureOf(queued))
                .hasMessage("endpoint 'scoring': request timed out in the queue");
        assertThat(copy.queueDepth()).isZero();
        assertThat(running).isNotDone();

        predictor.releasePredictions();
        resultOf(running);
        assertThat(predictor.predictions()).isEqualTo(1);
    }

    @Test
    void aRunningRequestIsAnsweredTimeoutAtItsDeadlineAndTheCopyGoesOn() {
        predictor.holdPredictions();
        CompletableFuture<PredictResult> stuck =
                copy.submit(SampleModel.request(1, 2), System.nanoTime() + 30_000_000L);

        assertThat(failureOf(stuck).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failureOf(stuck))
                .hasMessage("endpoint 'scoring' did not answer within its timeout");
        assertThat(copy.load()).isEqualTo(1); // still running in the runtime

        predictor.releasePredictions();
        assertThat(resultOf(submit()).outputs()).isNotEmpty();
    }

    @Test
    void oneSweepEnforcesTheDeadlinesOfEveryOpenCopy() {
        FakePredictor other = FakePredictor.echo();
        Copy second = new Copy("ranking", new ModelVersionId("rank", 1), other, 1, 4);
        try {
            predictor.holdPredictions();
            other.holdPredictions();
            CompletableFuture<PredictResult> first =
                    copy.submit(SampleModel.request(1, 2), System.nanoTime() + 30_000_000L);
            CompletableFuture<PredictResult> stuck =
                    second.submit(SampleModel.request(1, 2), System.nanoTime() + 30_000_000L);

            assertThat(failureOf(first))
                    .hasMessage("endpoint 'scoring' did not answer within its timeout");
            assertThat(failureOf(stuck))
                    .hasMessage("endpoint 'ranking' did not answer within its timeout");
        } finally {
            other.releasePredictions();
            second.retire();
        }
        other.awaitClosed();
        assertThat(DeadlineSweep.watches(copy)).isTrue();
        assertThat(DeadlineSweep.watches(second)).isFalse();
    }

    @Test
    void anInlineCallRunsOnTheCallersThreadAndIsAnsweredOnReturn() {
        predictor.runInlineUpTo(1);

        CompletableFuture<PredictResult> answer = submit();

        assertThat(answer).isDone();
        assertThat(resultOf(answer).outputs()).containsExactly(SampleModel.output(1, 2));
        assertThat(predictor.callers()).containsExactly(Thread.currentThread());
        assertThat(copy.load()).isZero();
    }

    @Test
    void aCallOverThePredictorsInlineRowsGoesToAWorker() {
        predictor.runInlineUpTo(1);

        PredictResult answer =
                resultOf(
                        copy.submit(
                                SampleModel.request(1, 2, 3, 4), System.nanoTime() + FAR_DEADLINE));

        assertThat(answer.outputs()).containsExactly(SampleModel.output(1, 2, 3, 4));
        assertThat(predictor.callers()).hasSize(1);
        assertThat(predictor.callers().get(0).getName()).startsWith("infer-scoring-v1");
    }

    @Test
    void anInlineCallThatFailsIsAnsweredAsAQueuedOneWouldBe() {
        predictor.runInlineUpTo(1);
        predictor.rejectInputsWith("x must be positive");

        assertThat(failureOf(submit()).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(failureOf(submit())).hasMessage("x must be positive");
        assertThat(copy.load()).isZero();
    }

    @Test
    void retiringACopyWaitsForItsRunningInlineCall() {
        predictor.runInlineUpTo(1);
        predictor.holdPredictions();
        CompletableFuture<PredictResult> caller =
                CompletableFuture.supplyAsync(this::submit).thenCompose(answer -> answer);
        predictor.awaitHeldPredictions(1);

        copy.retire();

        assertThat(copy.isClosed()).isFalse();
        assertThat(copy.load()).isEqualTo(1);
        predictor.releasePredictions();
        resultOf(caller);
        predictor.awaitClosed();
        assertThat(copy.isClosed()).isTrue();
    }

    @Test
    void picksTheLessBusyOfTwoCopies() {
        FakePredictor idlePredictor = FakePredictor.echo();
        Copy idle = new Copy("scoring", VERSION, idlePredictor, 1, 4);
        ServingSet set = new ServingSet(SampleModel.version("fraud", 1), 1, List.of(copy, idle));
        predictor.holdPredictions();
        submit();
        predictor.awaitHeldPredictions(1);

        assertThat(List.of(set.pick(), set.pick(), set.pick())).containsOnly(idle);

        idle.retire();
    }

    private CompletableFuture<PredictResult> submit() {
        return copy.submit(SampleModel.request(1, 2), System.nanoTime() + FAR_DEADLINE);
    }
}
