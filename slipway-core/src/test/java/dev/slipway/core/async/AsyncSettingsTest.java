package dev.slipway.core.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.AsyncSettings.Notifications;
import dev.slipway.core.testing.AsyncSpecs;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoint's asynchronous settings check themselves and name the field that is wrong. */
class AsyncSettingsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void defaultsToOneAtATimeThreeAttemptsSixHoursAndFifteenMinutes() {
        assertThat(AsyncSettings.DEFAULT)
                .isEqualTo(
                        new AsyncSettings(1, 3, Duration.ofHours(6), Duration.ofMinutes(15), null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void rejectsMaxConcurrentPerCopyOutsideOneToAThousand(int value) {
        assertThatThrownBy(() -> new AsyncSettings(value, 3, HOUR, HOUR, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.maxConcurrentPerCopy must be between 1 and 1000, got " + value);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101})
    void rejectsMaxAttemptsOutsideOneToAHundred(int value) {
        assertThatThrownBy(() -> new AsyncSettings(1, value, HOUR, HOUR, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.maxAttempts must be between 1 and 100, got " + value);
    }

    @ParameterizedTest
    @CsvSource({"999, 999ms", "604801000, 604801s"})
    void rejectsATimeToLiveOutsideOneSecondToSevenDays(long millis, String printed) {
        assertThatThrownBy(() -> new AsyncSettings(1, 3, Duration.ofMillis(millis), HOUR, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.ttl must be between 1s and 7 days, got " + printed);
    }

    @ParameterizedTest
    @CsvSource({"0, 0ms", "3601000, 3601s"})
    void rejectsAnInvocationTimeoutOutsideOneMillisecondToAnHour(long millis, String printed) {
        assertThatThrownBy(() -> new AsyncSettings(1, 3, HOUR, Duration.ofMillis(millis), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.invocationTimeout must be between 1ms and 1h, got " + printed);
    }

    @Test
    void acceptsTheLowestOfEveryRange() {
        AsyncSettings lowest =
                new AsyncSettings(1, 1, Duration.ofSeconds(1), Duration.ofMillis(1), null);

        assertThat(lowest.ttl()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void acceptsTheHighestOfEveryRange() {
        AsyncSettings highest =
                new AsyncSettings(
                        1000,
                        100,
                        AsyncSettings.MAX_TTL,
                        AsyncSettings.MAX_INVOCATION_TIMEOUT,
                        null);

        assertThat(highest.ttl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsAMissingTimeToLiveNamingIt() {
        assertThatThrownBy(() -> new AsyncSettings(1, 3, null, HOUR, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ttl");
    }

    @Test
    void rejectsNotificationsWithoutAnyUrl() {
        assertThatThrownBy(() -> new Notifications(null, null, AsyncSpecs.SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.notifications needs onSuccess, onError or both");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://hooks.example.com/done",
                "https:///done",
                "https://user:password@hooks.example.com/done",
                "/done"
            })
    void rejectsAnOnSuccessThatIsNotAnHttpUrlWithAHost(String url) {
        assertThatThrownBy(() -> new Notifications(URI.create(url), null, AsyncSpecs.SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "async.notifications.onSuccess must be an http(s) URL with a host, got '"
                                + url
                                + "'");
    }

    @Test
    void rejectsAnOnErrorThatIsNotAnHttpUrlNamingIt() {
        assertThatThrownBy(
                        () ->
                                new Notifications(
                                        AsyncSpecs.ON_SUCCESS,
                                        URI.create("mailto:ops@example.com"),
                                        AsyncSpecs.SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "async.notifications.onError must be an http(s) URL with a host, got"
                                + " 'mailto:ops@example.com'");
    }

    @Test
    void acceptsAPlainHttpUrlInAnyCase() {
        Notifications notifications =
                new Notifications(
                        URI.create("HTTP://hooks.example.com/done"), null, AsyncSpecs.SECRET);

        assertThat(notifications.onSuccess()).hasHost("hooks.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fifteen-chars!!"})
    void rejectsASecretShorterThanSixteenCharacters(String secret) {
        assertThatThrownBy(() -> new Notifications(AsyncSpecs.ON_SUCCESS, null, secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "async.notifications.secret must have at least 16 characters (the webhooks"
                                + " are signed with it)");
    }

    @Test
    void rejectsAMissingSecret() {
        assertThatThrownBy(() -> new Notifications(AsyncSpecs.ON_SUCCESS, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("async.notifications.secret must have at least 16");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(AsyncSpecs.BOTH_WEBHOOKS.toString())
                .doesNotContain(AsyncSpecs.SECRET)
                .contains(AsyncSpecs.ON_SUCCESS.toString(), AsyncSpecs.ON_ERROR.toString());
    }
}
