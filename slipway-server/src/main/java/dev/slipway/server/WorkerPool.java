package dev.slipway.server;

import dev.slipway.core.node.NativeThreads;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bounded pool for blocking control-plane work (JDBC, artifact I/O, model loading at
 * registration). Unlike Vert.x's worker pool its threads have large stacks, because registration
 * loads models into native runtimes. Results complete on the caller's event-loop context.
 */
public final class WorkerPool implements AutoCloseable {
    private final ExecutorService executor;

    public WorkerPool(String name, int threads) {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(10_000),
                        NativeThreads.named(name));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** Runs the work on the pool; the future completes on the calling Vert.x context. */
    public <T> Future<T> submit(Callable<T> work) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        executor.execute(
                () -> {
                    try {
                        T result = work.call();
                        context.runOnContext(ignored -> promise.complete(result));
                    } catch (Throwable failure) {
                        context.runOnContext(ignored -> promise.fail(failure));
                    }
                });
        return promise.future();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
