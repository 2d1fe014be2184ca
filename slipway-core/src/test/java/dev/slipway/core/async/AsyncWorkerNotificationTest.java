package dev.slipway.core.async;

import static dev.slipway.core.async.AsyncWorkerFixture.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncInvocation.NotificationState.Delivery;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.testing.AsyncSpecs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which finished invocations the worker leaves a webhook delivery for: the endpoint's onSuccess for
 * a success, its onError for a failure or an expiry, due at once; none when that URL is unset.
 */
class AsyncWorkerNotificationTest {

    @Test
    void leavesTheSuccessWebhookDueWhenTheEndpointHasOne() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.SUCCESS_WEBHOOK_ONLY, 1)) {
            String id = fixture.queue();

            fixture.passAndSettle();

            assertThat(fixture.invocation(id).notification()).isEqualTo(pendingAt(fixture));
        }
    }

    @Test
    void leavesNoWebhookForASuccessWhenTheEndpointOnlyHasAnErrorWebhook() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.ERROR_WEBHOOK_ONLY, 1)) {
            String id = fixture.queue();

            fixture.passAndSettle();

            assertThat(fixture.invocation(id).notification()).isEqualTo(NotificationState.NONE);
        }
    }

    @Test
    void leavesTheErrorWebhookDueForAFailure() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.ERROR_WEBHOOK_ONLY, 1)) {
            fixture.invoker.failWith(ErrorCode.INVALID_INPUT, "feature 'amount' is missing");
            String id = fixture.queue();

            fixture.passAndSettle();

            assertThat(fixture.invocation(id).notification()).isEqualTo(pendingAt(fixture));
        }
    }

    @Test
    void leavesNoWebhookForAFailureWhenTheEndpointOnlyHasASuccessWebhook() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.SUCCESS_WEBHOOK_ONLY, 1)) {
            fixture.invoker.failWith(ErrorCode.INVALID_INPUT, "feature 'amount' is missing");
            String id = fixture.queue();

            fixture.passAndSettle();

            assertThat(fixture.invocation(id).notification()).isEqualTo(NotificationState.NONE);
        }
    }

    @Test
    void leavesTheErrorWebhookDueForAnExpiry() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.ERROR_WEBHOOK_ONLY, 0)) {
            String id = fixture.queue(ENDPOINT, Duration.ofSeconds(10));
            fixture.clock.advance(Duration.ofSeconds(11));

            fixture.worker.passOnce();

            assertThat(fixture.invocation(id).notification()).isEqualTo(pendingAt(fixture));
        }
    }

    @Test
    void leavesNoWebhookForARetryThatIsNotFinished() {
        try (AsyncWorkerFixture fixture = fixture(AsyncSpecs.BOTH_WEBHOOKS, 1)) {
            fixture.invoker.failWith(ErrorCode.TIMEOUT, "took too long");
            String id = fixture.queue();

            fixture.passAndSettle();

            assertThat(fixture.invocation(id).notification()).isEqualTo(NotificationState.NONE);
        }
    }

    private static AsyncWorkerFixture fixture(AsyncSettings.Notifications webhooks, int copies) {
        return new AsyncWorkerFixture(
                AsyncSpecs.settings(1, 3).withNotifications(webhooks), copies);
    }

    /** A delivery nobody tried yet, due now. */
    private static NotificationState pendingAt(AsyncWorkerFixture fixture) {
        return new NotificationState(Delivery.PENDING, 0, fixture.clock.instant());
    }
}
