package dev.slipway.core.node;

import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.Failures.resultOf;
import static dev.slipway.core.testing.SampleModel.output;
import static dev.slipway.core.testing.SampleModel.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Batching;
import dev.slipway.core.endpoint.QueuePolicy;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.testing.Eventually;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests gathered on the event loop they arrived on (ADR 13): when a copy trusts its calls to be
 * quick, what a burst brings in a few passes of the loop runs as one call on the loop's thread. The
 * loop here is a queue of tasks that the test runs pass by pass, on the test's thread.
 */
class CallerLoopTest {
    private static final ModelVersionId VERSION = new ModelVersionId("fraud", 1);
    private static final QueuePolicy BATCHING =
            new QueuePolicy(0, 0, new Batching(16, Duration.ofMillis(5)));

    private final Echo predictor = new Echo();
    private final ManualLoop events = new ManualLoop();
    private final CallerLoop loop = new CallerLoop(events);
    private final Copy copy =
            new Copy("scoring", VERSION, predictor, 1, 100, true, QueueObserver.NONE);

    @AfterEach
    void retire() {
        copy.retire();
    }

    @Test
    void untilItsCallsHaveProvenQuickACopyQueuesForItsWorker() {
        CompletableFuture<PredictResult> answer = submit(request(1, 2));

        assertThat(resultOf(answer).outputs()).containsExactly(output(1, 2));
        assertThat(events.pending()).isZero();
        assertThat(predictor.threads).allMatch(name -> name.startsWith("infer-scoring-v1"));
    }

    @Test
    void aBurstReadInOnePassRunsAsOneCallOnTheLoopOnceNoMoreArrive() {
        trust();

        var first = submit(request(1, 2));
        var second = submit(request(3, 4));
        var third = submit(request(5, 6));
        events.pass(); // brought more than the first: one more pass may bring the rest
        assertThat(first).isNotDone();
        events.pass(); // brought nothing new: run

        assertThat(resultOf(first).outputs()).containsExactly(output(1, 2));
        assertThat(resultOf(second).outputs()).containsExactly(output(3, 4));
        assertThat(resultOf(third).outputs()).containsExactly(output(5, 6));
        assertThat(predictor.rowsPerCall).containsExactly(3);
        assertThat(predictor.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aLoneRequestRunsAtTheEndOfThePassThatBroughtIt() {
        trust();

        var alone = submit(request(1, 2));
        events.pass();

        assertThat(resultOf(alone).outputs()).containsExactly(output(1, 2));
        assertThat(predictor.rowsPerCall).containsExactly(1);
    }

    @Test
    void aBurstThatKeepsComingRunsAfterAtMostMaxPassesMore() {
        trust();
        List<CompletableFuture<PredictResult>> answers = new ArrayList<>();
        answers.add(submit(request(0, 0)));
        for (int pass = 1; pass <= CallerLoop.MAX_PASSES; pass++) {
            answers.add(submit(request(pass, pass)));
            events.pass();
            assertThat(answers).noneMatch(CompletableFuture::isDone);
        }
        answers.add(submit(request(9, 9)));
        events.pass();

        assertThat(answers).allMatch(CompletableFuture::isDone);
        assertThat(predictor.rowsPerCall).containsExactly(CallerLoop.MAX_PASSES + 2);
    }

    @Test
    void aFullBatchRunsWithoutWaitingForMorePasses() {
        trust();
        QueuePolicy pairs = new QueuePolicy(0, 0, new Batching(2, Duration.ofMillis(5)));

        var first = copy.submit(request(1, 2), deadline(), pairs, loop);
        var second = copy.submit(request(3, 4), deadline(), pairs, loop);
        events.pass();

        assertThat(resultOf(first).outputs()).containsExactly(output(1, 2));
        assertThat(resultOf(second).outputs()).containsExactly(output(3, 4));
        assertThat(predictor.rowsPerCall).containsExactly(2);
    }

    @Test
    void requestsThatCannotShareACallRunInSeparateCallsInOrder() {
        trust();
        QueuePolicy triples = new QueuePolicy(0, 0, new Batching(3, Duration.ofMillis(5)));
        PredictRequest onlyY =
                new PredictRequest(List.of(SampleModel.input(7, 8)), Set.of("y"), Map.of());

        var twoRows = copy.submit(request(1, 2, 3, 4), deadline(), triples, loop);
        var overflowing = copy.submit(request(5, 6, 7, 8), deadline(), triples, loop);
        var otherOutputs = copy.submit(onlyY, deadline(), triples, loop);
        events.passUntilIdle();

        assertThat(resultOf(twoRows).outputs()).containsExactly(output(1, 2, 3, 4));
        assertThat(resultOf(overflowing).outputs()).containsExactly(output(5, 6, 7, 8));
        assertThat(resultOf(otherOutputs).outputs()).containsExactly(output(7, 8));
        assertThat(predictor.rowsPerCall).containsExactly(2, 2, 1);
    }

    @Test
    void slowCallsFewerThanOneInEightKeepTheTrust() {
        trust();
        for (int i = 1; i < PredictorCalls.SLOW_CALLS_WITHDRAWING_TRUST; i++) {
            runSlowCallOnTheLoop();
        }

        var next = submit(request(3, 4));
        events.pass();

        assertThat(resultOf(next).outputs()).containsExactly(output(3, 4));
        assertThat(predictor.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void oneSlowCallInEightSendsTheNextRequestsBackToTheWorker() {
        trust();
        for (int i = 0; i < PredictorCalls.SLOW_CALLS_WITHDRAWING_TRUST; i++) {
            runSlowCallOnTheLoop();
        }

        var next = submit(request(3, 4));

        assertThat(resultOf(next).outputs()).containsExactly(output(3, 4));
        assertThat(events.pending()).isZero();
        assertThat(predictor.threads).allMatch(name -> name.startsWith("infer-scoring-v1"));
    }

    @Test
    void trustComesBackOnceTheSlowCallsHaveLeftTheRecentOnes() {
        trust();
        for (int i = 0; i < PredictorCalls.SLOW_CALLS_WITHDRAWING_TRUST; i++) {
            runSlowCallOnTheLoop();
        }
        assertThat(copy.trustsItsCalls()).isFalse();

        trust();
        var next = submit(request(3, 4));
        events.pass();

        assertThat(resultOf(next).outputs()).containsExactly(output(3, 4));
        assertThat(predictor.threads).containsExactly(Thread.currentThread().getName());
    }

    /** One call on the loop that takes longer than a quick call may. */
    private void runSlowCallOnTheLoop() {
        predictor.spinNanos = 2 * PredictorCalls.QUICK_CALL_NANOS;
        var slow = submit(request(1, 2));
        events.pass();
        resultOf(slow);
        predictor.spinNanos = 0;
        predictor.threads.clear();
    }

    @Test
    void aRequestWhoseDeadlinePassedWhileGatheredIsAnsweredTimeoutUnrun() {
        trust();

        var expired = copy.submit(request(1, 2), System.nanoTime() - 1, BATCHING, loop);
        events.pass();

        assertThat(failureOf(expired).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(predictor.rowsPerCall).isEmpty();
    }

    @Test
    void aRetiredCopyStaysOpenUntilItsGatheredRequestsHaveRun() {
        trust();
        var gathered = submit(request(1, 2));

        copy.retire();
        assertThat(copy.isClosed()).isFalse();
        events.pass();

        assertThat(resultOf(gathered).outputs()).containsExactly(output(1, 2));
        // The worker may still be releasing the last call of trust() as well.
        Eventually.waitUntil("the retired copy closes", copy::isClosed);
    }

    @Test
    void requestsOfAnEndpointWithoutBatchingNeverGather() {
        trust();

        var answer = copy.submit(request(1, 2), deadline(), QueuePolicy.DEFAULT, loop);

        assertThat(resultOf(answer).outputs()).containsExactly(output(1, 2));
        assertThat(events.pending()).isZero();
    }

    /**
     * Runs quick calls through the worker until none of the copy's recent calls was slow, and so
     * until it trusts them: {@link PredictorCalls#RECENT_CALLS}, more when a cold JVM makes one of
     * them slow.
     */
    private void trust() {
        for (int i = 0; copy.recentSlowCalls() > 0; i++) {
            assertThat(i).as("calls before the copy trusts them").isLessThan(100_000);
            resultOf(copy.submit(request(i, i), deadline(), BATCHING));
        }
        assertThat(copy.trustsItsCalls()).isTrue();
        predictor.rowsPerCall.clear();
        predictor.threads.clear();
    }

    private CompletableFuture<PredictResult> submit(PredictRequest request) {
        return copy.submit(request, deadline(), BATCHING, loop);
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofMinutes(1).toNanos();
    }

    /** An event loop's task queue: each pass runs the tasks scheduled before it began. */
    private static final class ManualLoop implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void pass() {
            for (int n = tasks.size(); n > 0; n--) {
                tasks.remove().run();
            }
        }

        void passUntilIdle() {
            while (!tasks.isEmpty()) {
                pass();
            }
        }

        int pending() {
            return tasks.size();
        }
    }

    /** Echoes {@code x} as {@code y}; records the rows and thread of every call. */
    private static final class Echo implements Predictor {
        final List<Integer> rowsPerCall = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile long spinNanos;

        @Override
        public Signature signature() {
            return SampleModel.SIGNATURE;
        }

        @Override
        public PredictResult predict(PredictRequest request) {
            Tensor x = request.input("x").orElseThrow();
            rowsPerCall.add((int) x.shape()[0]);
            threads.add(Thread.currentThread().getName());
            long until = System.nanoTime() + spinNanos;
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(10_000);
            }
            return PredictResult.of(x.withName("y"));
        }

        @Override
        public void close() {}
    }
}
