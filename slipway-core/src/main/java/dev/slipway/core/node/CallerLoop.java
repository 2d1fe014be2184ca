package dev.slipway.core.node;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The event loop a request arrived on, lent to a copy whose runtime calls have proven quick (ADR
 * 13). The copy's requests gather here in one batch per copy, and the batch runs on this loop once
 * a pass of its I/O brings no more requests for it, or after {@link #MAX_PASSES} passes, or when it
 * is full. One runtime call then answers a burst the loop read, with no handoff to a worker thread
 * and back: on a busy core that handoff (a futex wake, an eventfd wake and two context switches per
 * batch) cost more than the call of a small model.
 *
 * <p>Confined to its loop's thread: every method must be called on it.
 */
public final class CallerLoop {
    /**
     * Passes of the loop a batch may wait beyond the one that opened it, while each brings more of
     * its requests: a pass is one non-blocking poll of the loop's sockets.
     */
    static final int MAX_PASSES = 3;

    private final Executor afterPass;

    /** The open batch of each copy with requests gathered on this loop; none once they ran. */
    private final Map<Copy, Gathering> open = new IdentityHashMap<>();

    /**
     * @param afterPass runs a task on this loop's thread once its current pass of I/O and tasks is
     *     done (Vert.x's {@code runOnContext}, Netty's {@code execute})
     */
    public CallerLoop(Executor afterPass) {
        this.afterPass = afterPass;
    }

    /** Adds a request the copy accepted to its batch here; the batch runs in a later pass. */
    void add(Copy copy, Pending pending) {
        Gathering gathering = open.get(copy);
        if (gathering == null) {
            gathering = new Gathering(copy, pending);
            open.put(copy, gathering);
            afterPass.execute(gathering);
        } else {
            gathering.add(pending);
        }
    }

    /** One copy's requests gathered since its batch opened. */
    private final class Gathering implements Runnable {
        private final Copy copy;
        private final List<Pending> batch = new ArrayList<>();
        private int rows;
        private int passes;

        /**
         * Requests added after the one that opened the batch, in the pass that ends now: while a
         * burst is still arriving, more of it may be in the sockets.
         */
        private int fresh;

        Gathering(Copy copy, Pending first) {
            this.copy = copy;
            batch.add(first);
            rows = first.rows();
        }

        void add(Pending pending) {
            batch.add(pending);
            rows += pending.rows();
            fresh++;
        }

        /** At the end of a pass: wait one more pass while requests keep coming, else run. */
        @Override
        public void run() {
            if (fresh > 0 && passes < MAX_PASSES && rows < batch.get(0).batching().maxBatchSize()) {
                passes++;
                fresh = 0;
                afterPass.execute(this);
                return;
            }
            open.remove(copy);
            copy.runGathered(batch);
        }
    }
}
