package dev.slipway.core.rollout;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Persistence of rollouts. Implementations are thread-safe. */
public interface RolloutStore {

    /**
     * Stores a new rollout (its id and revision are assigned here).
     *
     * @throws dev.slipway.core.error.SlipwayException ROLLOUT_ACTIVE when the endpoint already has
     *     a rollout that has not ended
     */
    Rollout insert(Rollout rollout);

    Optional<Rollout> find(long id);

    /** Rollouts that have not ended, oldest first. */
    List<Rollout> active();

    /** The newest rollouts, of one endpoint when it is not null. */
    List<Rollout> recent(String endpoint, int limit);

    /**
     * Replaces the stored rollout if its revision is still {@code rollout.revision()}; returns the
     * stored rollout with the next revision.
     *
     * @throws dev.slipway.core.error.SlipwayException CONCURRENT_UPDATE otherwise
     */
    Rollout update(Rollout rollout);

    /**
     * Runs {@code work} so that what it writes through this store and through the event log of the
     * same database commits together or not at all: a rollout's state never stands without the
     * events that explain it, even when the process dies between the two writes.
     */
    <T> T atomically(Supplier<T> work);

    /** The spec an endpoint's model changes use when they name none. */
    Optional<RolloutSpec> defaultSpec(String endpoint);

    /** Sets (or, with null, clears) an endpoint's default spec. */
    void setDefaultSpec(String endpoint, RolloutSpec spec);
}
