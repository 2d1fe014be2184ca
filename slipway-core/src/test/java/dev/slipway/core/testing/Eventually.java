package dev.slipway.core.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for another thread to make a condition true, polling it for a bounded time. For outcomes
 * that have no latch to wait on (a store row changing on a worker's pool); the bound only turns a
 * broken test into a failure instead of a hung build, no behaviour is timed by it.
 */
public final class Eventually {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Eventually() {}

    /** Returns once {@code condition} holds; fails naming {@code what} if it never does. */
    public static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FakePredictor.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        what + " did not happen within " + FakePredictor.WAIT_SECONDS + "s");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
