package dev.slipway.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ScratchBuffersTest {
    @Test
    void slicesOfOneCallDoNotOverlapAndSurviveTheBlockGrowing() {
        ScratchBuffers buffers = ScratchBuffers.reset();
        ByteBuffer small = buffers.take(13);
        ByteBuffer aligned = buffers.take(8);
        small.put(0, (byte) 7).put(12, (byte) 9);
        aligned.putLong(0, 42L);
        ByteBuffer large = buffers.take(1 << 20); // beyond the first block: a new one
        large.put(0, (byte) 1).put((1 << 20) - 1, (byte) 2);

        assertThat(small.isDirect()).isTrue();
        assertThat(small.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(small.get(0)).isEqualTo((byte) 7);
        assertThat(small.get(12)).isEqualTo((byte) 9);
        assertThat(aligned.getLong(0)).isEqualTo(42L);
        assertThat(large.capacity()).isEqualTo(1 << 20);
        assertThat(large.get((1 << 20) - 1)).isEqualTo((byte) 2);
    }

    @Test
    void aNewCallReusesTheThreadsMemory() {
        ByteBuffer first = ScratchBuffers.reset().take(64);
        first.putLong(0, 5L);
        ByteBuffer again = ScratchBuffers.reset().take(64);
        again.putLong(0, 6L);
        assertThat(first.getLong(0)).isEqualTo(6L); // the same bytes: nothing newly allocated
    }

    @Test
    void aRequestBeyondTheKeptSizeGetsItsOwnBuffer() {
        ScratchBuffers buffers = ScratchBuffers.reset();
        ByteBuffer kept = buffers.take(64);
        ByteBuffer huge = buffers.take(ScratchBuffers.MAX_KEPT + 1L);
        kept.putLong(0, 11L);
        huge.putLong(0, 12L);
        assertThat(huge.capacity()).isEqualTo(ScratchBuffers.MAX_KEPT + 1);
        assertThat(kept.getLong(0)).isEqualTo(11L);
        ByteBuffer next = buffers.take(64);
        next.putLong(0, 13L);
        assertThat(kept.getLong(0)).isEqualTo(11L);
    }
}
