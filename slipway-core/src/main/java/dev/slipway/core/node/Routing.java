package dev.slipway.core.node;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an endpoint's requests go right now: the primary set and, during a rollout, a candidate set
 * that answers a share of requests or receives mirrored copies of them. Immutable: a change builds
 * a new routing and swaps it in atomically.
 *
 * @param candidate null when no candidate is loaded
 * @param captureId names the capture of mirrored pairs; null unless mirroring
 */
record Routing(
        ServingSet primary,
        ServingSet candidate,
        int candidatePercent,
        int mirrorPercent,
        String captureId) {

    static Routing primaryOnly(ServingSet primary) {
        return new Routing(primary, null, 0, 0, null);
    }

    /**
     * The set for one request. With a routing key the choice is sticky: the same key always lands
     * on the same side of the split.
     */
    ServingSet choose(String routingKey) {
        if (candidate == null || candidatePercent == 0) {
            return primary;
        }
        return bucket(routingKey, 0) < candidatePercent ? candidate : primary;
    }

    /** Whether this request should also be mirrored to the candidate. */
    boolean mirrors(String routingKey) {
        return candidate != null
                && mirrorPercent > 0
                && bucket(routingKey, 0x5bd1e995) < mirrorPercent;
    }

    Optional<ServingSet> forVersion(int version) {
        if (primary.version().id().version() == version) {
            return Optional.of(primary);
        }
        if (candidate != null && candidate.version().id().version() == version) {
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** A bucket in [0, 100): from the key's hash (salted per use), else random. */
    private static int bucket(String routingKey, int salt) {
        if (routingKey == null) {
            return ThreadLocalRandom.current().nextInt(100);
        }
        int hash = routingKey.hashCode() ^ salt;
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        return Math.floorMod(hash, 100);
    }
}
