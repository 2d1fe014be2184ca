package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchSchedulingTest {
    @Test
    void putsTheRunningThreadsOfTheProcessAndThoseStartedLaterInSchedBatch() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "Linux only");
        CountDownLatch applied = new CountDownLatch(1);
        AtomicInteger runningBefore = new AtomicInteger();
        Thread running =
                new Thread(
                        () -> {
                            try {
                                applied.await();
                            } catch (InterruptedException e) {
                                return;
                            }
                            runningBefore.set(BatchScheduling.currentThreadPolicy());
                        });
        running.start();

        assertThat(BatchScheduling.apply()).isTrue();
        applied.countDown();
        running.join();

        assertThat(runningBefore.get()).isEqualTo(BatchScheduling.SCHED_BATCH);
        AtomicInteger startedAfter = new AtomicInteger();
        Thread later = new Thread(() -> startedAfter.set(BatchScheduling.currentThreadPolicy()));
        later.start();
        later.join();
        assertThat(startedAfter.get()).isEqualTo(BatchScheduling.SCHED_BATCH);
    }
}
