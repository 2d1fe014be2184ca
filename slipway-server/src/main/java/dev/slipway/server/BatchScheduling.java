package dev.slipway.server;

import dev.slipway.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every thread of the server process into Linux's {@code SCHED_BATCH} class (threads created
 * later inherit it). Each request crosses from an event-loop thread to an inference worker and
 * back; under the default class the woken thread preempts the one that woke it, so on a busy core
 * the two ping-pong once per request and requests are never batched. As batch threads, the waker
 * finishes what it has read before the worker runs: 1.5x to 1.8x the 1-row throughput on one core
 * (ADR 10). No privilege is needed; {@code SLIPWAY_SCHED_BATCH=false} turns it off.
 */
public final class BatchScheduling {
    private static final Logger log = LoggerFactory.getLogger(BatchScheduling.class);

    /** Linux's number for SCHED_BATCH, as /proc/.../sched reports it. */
    static final int SCHED_BATCH = 3;

    private BatchScheduling() {}

    /**
     * Applies it unless the environment turns it off. A value that is not a boolean fails at start
     * like any other setting; a machine without chrt only logs and serves on.
     */
    public static void applyUnlessDisabled(Map<String, String> env) {
        if (!ServerConfig.batchScheduling(env)) {
            return;
        }
        if (!apply()) {
            log.info("could not put the server's threads in SCHED_BATCH (no chrt?); serving on");
        }
    }

    /** Returns whether every current thread of this process is now SCHED_BATCH. */
    static boolean apply() {
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            return false;
        }
        long pid = ProcessHandle.current().pid();
        try {
            Process chrt =
                    new ProcessBuilder(
                                    "chrt",
                                    "--batch",
                                    "--all-tasks",
                                    "--pid",
                                    "0",
                                    Long.toString(pid))
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!chrt.waitFor(10, TimeUnit.SECONDS) || chrt.exitValue() != 0) {
                log.debug("chrt failed: {}", output.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The scheduling policy of the calling thread, from /proc; -1 if unknown. */
    static int currentThreadPolicy() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/sched"))) {
                if (line.startsWith("policy")) {
                    return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a kernel without it
        }
        return -1;
    }
}
