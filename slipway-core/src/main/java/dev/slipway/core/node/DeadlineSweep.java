package dev.slipway.core.node;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer that checks every open {@link Copy} for overdue requests each {@link #TICK_MILLIS}
 * ms. One wakeup per tick for the whole process, however many copies are packed on it: a timer per
 * copy woke the server 100 times a second per model even when idle, each wakeup taking the core
 * from the requests being served. Thread-safe.
 */
final class DeadlineSweep {
    private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

    /** How often queued and running requests are checked against their deadlines. */
    static final long TICK_MILLIS = 10;

    private static final Set<Copy> COPIES = ConcurrentHashMap.newKeySet();

    static {
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        NativeThreads.named("slipway-deadlines"));
        timer.scheduleWithFixedDelay(
                DeadlineSweep::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private DeadlineSweep() {}

    static void watch(Copy copy) {
        COPIES.add(copy);
    }

    static void forget(Copy copy) {
        COPIES.remove(copy);
    }

    /** Copies being watched; for tests. */
    static boolean watches(Copy copy) {
        return COPIES.contains(copy);
    }

    private static void sweep() {
        for (Copy copy : COPIES) {
            try {
                copy.expireOverdue();
            } catch (RuntimeException e) {
                // A throw would cancel the periodic task, and with it every copy's deadlines.
                log.warn("checking the deadlines of {} failed", copy.version(), e);
            }
        }
    }
}
