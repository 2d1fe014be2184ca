package dev.slipway.core.node;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that enters native runtimes (loading or running a model). They get a large
 * stack: ONNX Runtime's session setup recurses deeply, and on a Java thread's default 1 MiB stack
 * it overflowed into a SIGSEGV that killed the whole JVM (seen loading the wine example).
 */
public final class NativeThreads {
    /** Stack size of every native-work thread. */
    public static final long STACK_BYTES = 16L << 20;

    private NativeThreads() {}

    /** Daemon threads named {@code prefix-N}. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread =
                    new Thread(null, task, prefix + "-" + number.incrementAndGet(), STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        };
    }
}
