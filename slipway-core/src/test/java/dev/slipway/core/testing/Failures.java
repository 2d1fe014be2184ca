package dev.slipway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on {@link SlipwayException}s, thrown or carried by a future. */
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

    /** The SlipwayException {@code action} throws. */
    public static SlipwayException failureOf(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).isInstanceOf(SlipwayException.class);
        return (SlipwayException) thrown;
    }

    /** The SlipwayException the future fails with, waiting a bounded time for it. */
    public static SlipwayException failureOf(CompletableFuture<?> future) {
        try {
            future.get(FakePredictor.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SlipwayException.class);
            return (SlipwayException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not fail in time", e);
        }
        throw new AssertionError("the future succeeded: " + future.join());
    }

    /** The value of the future, waiting a bounded time for it. */
    public static <T> T resultOf(CompletableFuture<T> future) {
        try {
            return future.get(FakePredictor.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the future failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete in time", e);
        }
    }
}
