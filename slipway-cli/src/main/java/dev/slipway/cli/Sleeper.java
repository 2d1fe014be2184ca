package dev.slipway.cli;

import java.time.Duration;

/** Pauses between polls of a waiting command; a test passes one that moves a fake clock instead. */
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
