package dev.slipway.core.testing;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.rollout.Rollout;
import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.core.rollout.RolloutStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Rollouts in a map by id, with the SQL store's rules: one active rollout per endpoint, ids from 1,
 * revision 1 on insert and a revision check on update. An update replaces only what the SQL update
 * sets (never the endpoint, versions, spec or creation time). Counts writes so a test can tell that
 * a pass wrote nothing. Thread-safe (methods are synchronized).
 */
public final class InMemoryRolloutStore implements RolloutStore {
    private final TreeMap<Long, Rollout> rollouts = new TreeMap<>();
    private int writes;

    @Override
    public synchronized Rollout insert(Rollout rollout) {
        for (Rollout existing : rollouts.values()) {
            if (existing.endpoint().equals(rollout.endpoint()) && !existing.phase().terminal()) {
                throw new SlipwayException(
                        ErrorCode.ROLLOUT_ACTIVE,
                        "endpoint '"
                                + rollout.endpoint()
                                + "' already has an active rollout ("
                                + existing.id()
                                + "); approve, abort or wait for it first");
            }
        }
        long id = rollouts.isEmpty() ? 1 : rollouts.lastKey() + 1;
        Rollout stored = copy(rollout, id, rollout, 1);
        rollouts.put(id, stored);
        writes++;
        return stored;
    }

    @Override
    public synchronized Optional<Rollout> find(long id) {
        return Optional.ofNullable(rollouts.get(id));
    }

    @Override
    public synchronized List<Rollout> active() {
        return rollouts.values().stream().filter(rollout -> !rollout.phase().terminal()).toList();
    }

    @Override
    public synchronized List<Rollout> recent(String endpoint, int limit) {
        return rollouts.values().stream()
                .filter(rollout -> endpoint == null || rollout.endpoint().equals(endpoint))
                .sorted(Comparator.comparingLong(Rollout::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return work.get();
    }

    @Override
    public synchronized Rollout update(Rollout rollout) {
        Rollout stored = rollouts.get(rollout.id());
        if (stored == null || stored.revision() != rollout.revision()) {
            throw new SlipwayException(
                    ErrorCode.CONCURRENT_UPDATE,
                    "rollout "
                            + rollout.id()
                            + " was changed concurrently; read it again and retry");
        }
        Rollout updated = copy(stored, stored.id(), rollout, stored.revision() + 1);
        rollouts.put(updated.id(), updated);
        writes++;
        return updated;
    }

    /** Inserts and updates so far. */
    public synchronized int writes() {
        return writes;
    }

    /** The identity of {@code row} with the state of {@code state}. */
    private static Rollout copy(Rollout row, long id, Rollout state, long revision) {
        return new Rollout(
                id,
                row.endpoint(),
                row.from(),
                row.to(),
                row.spec(),
                state.phase(),
                state.step(),
                state.phaseStartedAt(),
                state.pending(),
                state.reason(),
                state.shadowDone(),
                state.analysis(),
                revision,
                row.createdAt(),
                state.updatedAt());
    }

    private final java.util.Map<String, RolloutSpec> defaults =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public java.util.Optional<RolloutSpec> defaultSpec(String endpoint) {
        return java.util.Optional.ofNullable(defaults.get(endpoint));
    }

    @Override
    public void setDefaultSpec(String endpoint, RolloutSpec spec) {
        if (spec == null) {
            defaults.remove(endpoint);
        } else {
            defaults.put(endpoint, spec);
        }
    }
}
