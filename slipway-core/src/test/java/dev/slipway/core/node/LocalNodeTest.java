package dev.slipway.core.node;

import static dev.slipway.core.testing.EndpointSpecs.endpoint;
import static dev.slipway.core.testing.EndpointSpecs.withTimeout;
import static dev.slipway.core.testing.Failures.failureOf;
import static dev.slipway.core.testing.Failures.resultOf;
import static dev.slipway.core.testing.SampleModel.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.node.EndpointStatus.State;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.testing.FakePredictor;
import dev.slipway.core.testing.SampleModel;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request path into an endpoint's copies, with the serving set installed by hand. */
class LocalNodeTest {
    private static final ModelVersion VERSION = SampleModel.version("fraud", 1);
    private static final Endpoint SCORING = endpoint("scoring", VERSION.id(), 1);

    private final LocalNode node = new LocalNode(8);
    private final FakePredictor predictor = FakePredictor.echo();
    private Copy copy;

    @AfterEach
    void releaseAndUnload() {
        predictor.releasePredictions();
        if (copy != null) {
            copy.retire();
        }
    }

    @Test
    void answersWithThePredictionAndTheVersionThatMadeIt() {
        serve(SCORING, 4);

        Served served = resultOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(served.version()).isEqualTo(VERSION.id());
        assertThat(served.result().outputs()).containsExactly(output(1, 2));
    }

    @Test
    void servesARequestForTheVersionItServes() {
        serve(SCORING, 4);

        Served served = resultOf(node.infer("scoring", 1, SampleModel.request(1, 2)));

        assertThat(served.version()).isEqualTo(VERSION.id());
    }

    @Test
    void reportsAnUnknownEndpoint() {
        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.ENDPOINT_NOT_FOUND);
        assertThat(failure).hasMessage("endpoint 'scoring' does not exist");
    }

    @Test
    void reportsAKnownEndpointWithoutReadyCopiesWithItsState() {
        node.setDesired(List.of(SCORING));
        node.setStatus(
                "scoring", new EndpointStatus(State.LOADING, 0, 0, "loading 1 copies of fraud:1"));

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.ENDPOINT_NOT_READY);
        assertThat(failure)
                .hasMessage(
                        "endpoint 'scoring' has no ready copy (state: loading, loading 1 copies of fraud:1)");
    }

    @Test
    void reportsAnEndpointNotYetActedOnAsPending() {
        node.setDesired(List.of(SCORING));

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure).hasMessage("endpoint 'scoring' has no ready copy (state: pending)");
    }

    @Test
    void refusesARequestForAVersionItDoesNotServe() {
        serve(SCORING, 4);

        SlipwayException failure = failureOf(node.infer("scoring", 2, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.VERSION_NOT_FOUND);
        assertThat(failure).hasMessage("endpoint 'scoring' serves version 1, not 2");
        assertThat(predictor.predictions()).isZero();
    }

    @Test
    void refusesInvalidInputBeforeItReachesThePredictor() {
        serve(SCORING, 4);
        var request = PredictRequest.of(Tensor.ofFloats("x", new long[] {3}, new float[3]));

        SlipwayException failure = failureOf(node.infer("scoring", null, request));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(failure).hasMessageStartingWith("input 'x' has shape [3]");
        assertThat(predictor.predictions()).isZero();
    }

    @Test
    void refusesNaNForAPredictorThatDoesNotAcceptIt() {
        serve(SCORING, 4);

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, Float.NaN)));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(predictor.predictions()).isZero();
    }

    @Test
    void answersQueueFullWhenTheCopysQueueIsFull() {
        serve(SCORING, 1);
        predictor.holdPredictions();
        CompletableFuture<Served> running = node.infer("scoring", null, SampleModel.request(1, 2));
        predictor.awaitHeldPredictions(1);
        CompletableFuture<Served> queued = node.infer("scoring", null, SampleModel.request(3, 4));

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(5, 6)));

        assertThat(failure.code()).isEqualTo(ErrorCode.QUEUE_FULL);
        assertThat(failure)
                .hasMessage(
                        "endpoint 'scoring' is overloaded: its request queue is full (1 waiting)");
        predictor.releasePredictions();
        assertThat(resultOf(running).result().outputs()).containsExactly(output(1, 2));
        assertThat(resultOf(queued).result().outputs()).containsExactly(output(3, 4));
    }

    @Test
    void answersTimeoutWhenThePredictorDoesNotAnswerWithinTheEndpointTimeout() {
        serve(withTimeout(SCORING, Duration.ofMillis(50)), 4);
        predictor.holdPredictions();

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failure).hasMessage("endpoint 'scoring' did not answer within its timeout");
    }

    @Test
    void aRequestStillQueuedAtItsDeadlineNeverRuns() {
        Endpoint quick = withTimeout(SCORING, Duration.ofMillis(50));
        serve(quick, 4);
        predictor.holdPredictions();
        node.infer("scoring", null, SampleModel.request(1, 2));
        predictor.awaitHeldPredictions(1);
        CompletableFuture<Served> queued = node.infer("scoring", null, SampleModel.request(3, 4));
        assertThat(failureOf(queued).code()).isEqualTo(ErrorCode.TIMEOUT);

        // A patient request queued behind the expired one shows when the worker has passed it.
        node.setDesired(List.of(withTimeout(quick, Duration.ofSeconds(30))));
        CompletableFuture<Served> patient = node.infer("scoring", null, SampleModel.request(5, 6));
        predictor.releasePredictions();
        resultOf(patient);

        assertThat(predictor.requests())
                .extracting(request -> request.inputs().getFirst())
                .containsExactly(SampleModel.input(1, 2), SampleModel.input(5, 6));
    }

    @Test
    void reportsAFailedPredictionAsARuntimeFailure() {
        serve(SCORING, 4);
        predictor.failPredictionsWith("tensor arena exhausted");

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.RUNTIME_FAILURE);
        assertThat(failure).hasMessage("tensor arena exhausted");
    }

    @Test
    void reportsValuesThePredictorRejectsAsInvalidInput() {
        serve(SCORING, 4);
        predictor.rejectInputsWith("feature 'x' must be positive");

        SlipwayException failure =
                failureOf(node.infer("scoring", null, SampleModel.request(1, 2)));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(failure).hasMessage("feature 'x' must be positive");
    }

    private void serve(Endpoint spec, int maxQueue) {
        node.setDesired(List.of(spec));
        copy = new Copy(spec.name(), VERSION.id(), predictor, 1, maxQueue);
        node.install(spec.name(), Routing.primaryOnly(new ServingSet(VERSION, 1, List.of(copy))));
    }
}
