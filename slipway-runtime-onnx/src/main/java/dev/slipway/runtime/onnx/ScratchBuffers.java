package dev.slipway.runtime.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread native memory for one prediction's input and output tensors, reused from call to call.
 * {@code ByteBuffer.allocateDirect} costs more than a small model's whole run (it reserves memory,
 * zeroes it and registers a cleaner), so each thread keeps one block and hands out slices of it.
 * Requests larger than {@link #MAX_KEPT} get a buffer of their own, so a rare huge batch does not
 * pin its memory to the thread.
 *
 * <p>Not thread-safe by design: each thread has its own; a slice is valid until the thread's next
 * {@link #reset()}.
 */
final class ScratchBuffers {
    static final int MAX_KEPT = 4 << 20;

    private static final ThreadLocal<ScratchBuffers> PER_THREAD =
            ThreadLocal.withInitial(ScratchBuffers::new);

    private ByteBuffer block = allocate(16 << 10);
    private int used;

    private ScratchBuffers() {}

    /** This thread's buffers, emptied for a new call. */
    static ScratchBuffers reset() {
        ScratchBuffers buffers = PER_THREAD.get();
        buffers.used = 0;
        return buffers;
    }

    /** A native-order slice of {@code bytes} bytes, 8-byte aligned, not zeroed. */
    ByteBuffer take(long bytes) {
        int size = Math.toIntExact(bytes);
        int start = (used + 7) & ~7;
        if (start + size > block.capacity()) {
            if (size > MAX_KEPT) {
                return allocate(size);
            }
            // Slices already handed out keep the old block alive until they are dropped.
            block = allocate(Math.min(MAX_KEPT, Math.max(2 * block.capacity(), size)));
            start = 0;
        }
        used = start + size;
        return block.slice(start, size).order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
