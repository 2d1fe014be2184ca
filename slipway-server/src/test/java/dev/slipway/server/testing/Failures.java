package dev.slipway.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on thrown {@link SlipwayException}s, as in slipway-core's tests. */
public final class Failures {
    private Failures() {}

    /** Asserts that {@code action} throws a SlipwayException with {@code code}; chain on it. */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWith(
            ErrorCode code, ThrowingCallable action) {
        return assertThatThrownBy(action)
                .isInstanceOfSatisfying(
                        SlipwayException.class,
                        failure -> assertThat(failure.code()).as("error code").isEqualTo(code));
    }
}
