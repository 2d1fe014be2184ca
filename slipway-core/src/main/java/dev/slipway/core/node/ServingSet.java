package dev.slipway.core.node;

import dev.slipway.core.registry.ModelVersion;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The copies answering an endpoint's traffic right now. Immutable: a change builds a new set and
 * swaps it in atomically, so a request sees either the old set or the new one, never a mix.
 */
public final class ServingSet {
    private final ModelVersion version;
    private final int threadsPerCopy;
    private final List<Copy> copies;
    private final AtomicInteger next = new AtomicInteger();

    /** Made on first use; a race makes the same recorder twice, harmlessly. */
    private volatile RequestObserver.Recorder recorder;

    ServingSet(ModelVersion version, int threadsPerCopy, List<Copy> copies) {
        this.version = version;
        this.threadsPerCopy = threadsPerCopy;
        this.copies = List.copyOf(copies);
    }

    public ModelVersion version() {
        return version;
    }

    int threadsPerCopy() {
        return threadsPerCopy;
    }

    public List<Copy> copies() {
        return copies;
    }

    /**
     * Where this version's finished requests are recorded: always {@code observer}'s recorder for
     * {@code endpoint}, since a set serves one endpoint of one node.
     */
    RequestObserver.Recorder recorder(String endpoint, RequestObserver observer) {
        RequestObserver.Recorder known = recorder;
        if (known == null) {
            known = observer.recorder(endpoint, version.id());
            recorder = known;
        }
        return known;
    }

    /** The less busy of two copies taken in turn ("power of two choices"). */
    Copy pick() {
        int start = Math.floorMod(next.getAndIncrement(), copies.size());
        Copy first = copies.get(start);
        if (copies.size() == 1) {
            return first;
        }
        Copy second = copies.get((start + 1) % copies.size());
        return second.load() < first.load() ? second : first;
    }
}
