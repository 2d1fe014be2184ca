package dev.slipway.core.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.endpoint.EndpointChange;
import dev.slipway.core.endpoint.EndpointChange.AsyncChange;
import dev.slipway.core.testing.AsyncSpecs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Applying a caller's change to an endpoint's asynchronous settings. */
class AsyncChangeTest {
    private static final AsyncSettings CURRENT =
            new AsyncSettings(
                    2, 5, Duration.ofHours(2), Duration.ofMinutes(3), AsyncSpecs.BOTH_WEBHOOKS);

    @Test
    void noChangeKeepsEverySetting() {
        assertThat(AsyncChange.NONE.applyTo(CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void changesOnlyTheFieldsItGives() {
        AsyncChange change = new AsyncChange(8, null, null, Duration.ofSeconds(30), false, null);

        assertThat(change.applyTo(CURRENT))
                .isEqualTo(
                        new AsyncSettings(
                                8,
                                5,
                                Duration.ofHours(2),
                                Duration.ofSeconds(30),
                                AsyncSpecs.BOTH_WEBHOOKS));
    }

    @Test
    void keepsTheNotificationsUnlessTheyAreGiven() {
        AsyncChange change = new AsyncChange(null, 2, null, null, false, null);

        assertThat(change.applyTo(CURRENT).notifications()).isEqualTo(AsyncSpecs.BOTH_WEBHOOKS);
    }

    @Test
    void removesTheNotificationsWhenTheyAreGivenAsNone() {
        AsyncChange change = new AsyncChange(null, null, null, null, true, null);

        assertThat(change.applyTo(CURRENT).notifications()).isNull();
    }

    @Test
    void replacesTheNotificationsWhenTheyAreGiven() {
        AsyncChange change =
                new AsyncChange(null, null, null, null, true, AsyncSpecs.ERROR_WEBHOOK_ONLY);

        assertThat(change.applyTo(CURRENT).notifications())
                .isEqualTo(AsyncSpecs.ERROR_WEBHOOK_ONLY);
    }

    @Test
    void rejectsAnOutOfRangeChangeNamingTheField() {
        AsyncChange change = new AsyncChange(null, 0, null, null, false, null);

        assertThatThrownBy(() -> change.applyTo(CURRENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.maxAttempts must be between 1 and 100, got 0");
    }

    @Test
    void rejectsATimeToLivePastSevenDaysNamingTheField() {
        AsyncChange change = new AsyncChange(null, null, Duration.ofDays(8), null, false, null);

        assertThatThrownBy(() -> change.applyTo(CURRENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async.ttl must be between 1s and 7 days, got 192h");
    }

    @Test
    void anEndpointChangeWithoutAsyncFieldsChangesNoAsyncSetting() {
        EndpointChange change = new EndpointChange("fraud:2", null, null, null, null, null, null);

        assertThat(change.async()).isEqualTo(AsyncChange.NONE);
    }
}
