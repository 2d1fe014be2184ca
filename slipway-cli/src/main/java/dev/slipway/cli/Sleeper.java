package dev.slipway.cli;

import java.time.Duration;

/** Pauses between polls of a waiting command; a test passes one that moves a fake clock instead. */
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps between two polls of a watch.
     *
     * @throws CliException when interrupted, saying what was being watched
     */
    default void pause(Duration duration, String watching) {
        try {
            sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while watching " + watching);
        }
    }
}
