package dev.slipway.core.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncInvocation.NotificationState.Delivery;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.FakeClock;
import dev.slipway.core.testing.InMemoryAsyncStore;
import dev.slipway.core.testing.InMemoryEndpointStore;
import dev.slipway.core.testing.RecordingWebhookSender;
import dev.slipway.core.testing.RecordingWebhookSender.Call;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Webhook delivery of finished invocations of {@code scoring}, which has an onSuccess and an
 * onError webhook: sent once accepted, retried with backoff while refused, given up after {@link
 * Notifier#MAX_ATTEMPTS}, dropped when the webhook is gone.
 */
class NotifierTest {
    private static final String ENDPOINT = "scoring";

    private final FakeClock clock = new FakeClock();
    private final InMemoryAsyncStore store = new InMemoryAsyncStore();
    private final InMemoryEndpointStore endpoints = new InMemoryEndpointStore();
    private final RecordingWebhookSender sender = new RecordingWebhookSender();
    private final Notifier notifier = new Notifier(store, endpoints, sender, clock);

    @AfterEach
    void close() {
        notifier.close();
    }

    @Test
    void sendsASuccessToTheOnSuccessWebhookAndMarksItSent() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(sender.calls())
                .containsExactly(new Call(AsyncSpecs.ON_SUCCESS, id, AsyncStatus.SUCCEEDED));
        assertThat(notification(id)).isEqualTo(new NotificationState(Delivery.SENT, 1, null));
    }

    @ParameterizedTest
    @EnumSource(names = {"FAILED", "EXPIRED"})
    void sendsFailuresAndExpiriesToTheOnErrorWebhook(AsyncStatus status) {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        String id = finished(status);

        notifier.passOnce();

        assertThat(sender.calls()).containsExactly(new Call(AsyncSpecs.ON_ERROR, id, status));
        assertThat(notification(id).delivery()).isEqualTo(Delivery.SENT);
    }

    @Test
    void keepsARefusedCallPendingForOneSecond() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(notification(id))
                .isEqualTo(
                        new NotificationState(Delivery.PENDING, 1, clock.instant().plusSeconds(1)));
    }

    @Test
    void countsAThrowingSenderAsARefusedCall() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.throwOnSend(new UncheckedIOException(new ConnectException("Connection refused")));
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(notification(id))
                .isEqualTo(
                        new NotificationState(Delivery.PENDING, 1, clock.instant().plusSeconds(1)));
    }

    @Test
    void doesNotCallAgainBeforeTheBackoffHasPassed() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        finished(AsyncStatus.SUCCEEDED);
        notifier.passOnce();

        clock.advance(Duration.ofMillis(999));
        notifier.passOnce();

        assertThat(sender.calls()).hasSize(1);
    }

    @Test
    void waitsOneTwoFourAndEightSecondsBetweenRefusedCalls() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        String id = finished(AsyncStatus.SUCCEEDED);

        List<Duration> waits = new ArrayList<>();
        for (int call = 1; call <= 4; call++) {
            notifier.passOnce();
            waits.add(Duration.between(clock.instant(), notification(id).nextAt()));
            clock.advance(waits.getLast());
        }

        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8));
    }

    @Test
    void marksACallAcceptedOnARetrySentWithItsAttempts() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        String id = finished(AsyncStatus.SUCCEEDED);
        notifier.passOnce();
        sender.accept();

        clock.advance(Duration.ofSeconds(1));
        notifier.passOnce();

        assertThat(notification(id)).isEqualTo(new NotificationState(Delivery.SENT, 2, null));
    }

    @Test
    void givesUpAfterMaxAttemptsRefusedCalls() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        String id = finished(AsyncStatus.SUCCEEDED);

        for (int pass = 0; pass < Notifier.MAX_ATTEMPTS + 5; pass++) {
            notifier.passOnce();
            clock.advance(Duration.ofMinutes(5));
        }

        assertThat(sender.calls()).hasSize(Notifier.MAX_ATTEMPTS);
        assertThat(notification(id))
                .isEqualTo(new NotificationState(Delivery.FAILED, Notifier.MAX_ATTEMPTS, null));
    }

    @Test
    void keepsTryingUntilTheLastAttempt() {
        withWebhooks(AsyncSpecs.BOTH_WEBHOOKS);
        sender.refuseWith("HTTP 503");
        String id = finished(AsyncStatus.SUCCEEDED, Notifier.MAX_ATTEMPTS - 2);

        notifier.passOnce();

        assertThat(notification(id).delivery()).isEqualTo(Delivery.PENDING);
        assertThat(notification(id).attempts()).isEqualTo(Notifier.MAX_ATTEMPTS - 1);
    }

    @Test
    void dropsAFailureNotificationWhenTheEndpointsErrorWebhookWasRemoved() {
        withWebhooks(AsyncSpecs.SUCCESS_WEBHOOK_ONLY);
        String id = finished(AsyncStatus.FAILED);

        notifier.passOnce();

        assertThat(sender.calls()).isEmpty();
        assertThat(notification(id)).isEqualTo(NotificationState.NONE);
    }

    @Test
    void dropsASuccessNotificationWhenTheEndpointsSuccessWebhookWasRemoved() {
        withWebhooks(AsyncSpecs.ERROR_WEBHOOK_ONLY);
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(sender.calls()).isEmpty();
        assertThat(notification(id)).isEqualTo(NotificationState.NONE);
    }

    @Test
    void dropsTheNotificationWhenTheEndpointHasNoWebhooksAnyMore() {
        withWebhooks(null);
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(sender.calls()).isEmpty();
        assertThat(notification(id)).isEqualTo(NotificationState.NONE);
    }

    @Test
    void dropsTheNotificationWhenTheEndpointWasDeleted() {
        String id = finished(AsyncStatus.SUCCEEDED);

        notifier.passOnce();

        assertThat(sender.calls()).isEmpty();
        assertThat(notification(id)).isEqualTo(NotificationState.NONE);
    }

    @Test
    void backoffDoublesFromOneSecondAndStopsAtFiveMinutes() {
        assertThat(IntStream.of(1, 2, 3, 8, 9, 10, 11, 100).mapToObj(Notifier::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(128),
                        Duration.ofSeconds(256),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5));
    }

    private void withWebhooks(AsyncSettings.Notifications webhooks) {
        endpoints.insert(
                AsyncSpecs.endpoint(
                        ENDPOINT, AsyncSpecs.settings(1, 3).withNotifications(webhooks)));
    }

    private String finished(AsyncStatus status) {
        return finished(status, 0);
    }

    /** A finished invocation whose webhook is due now after {@code attempts} refused calls. */
    private String finished(AsyncStatus status, int attempts) {
        String id = "invocation-" + status.wireName();
        Instant now = clock.instant();
        store.insert(
                new AsyncInvocation(
                        id,
                        ENDPOINT,
                        status,
                        AsyncInvocation.INLINE,
                        "application/json",
                        "",
                        null,
                        1,
                        3,
                        Duration.ofMinutes(1),
                        now,
                        now.plus(Duration.ofHours(1)),
                        now,
                        null,
                        null,
                        now,
                        now,
                        status == AsyncStatus.SUCCEEDED ? "application/json" : null,
                        status == AsyncStatus.SUCCEEDED ? null : "it went wrong",
                        new NotificationState(Delivery.PENDING, attempts, now)));
        return id;
    }

    private NotificationState notification(String id) {
        return store.get(id).notification();
    }
}
