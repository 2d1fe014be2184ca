package dev.slipway.core.endpoint;

import dev.slipway.core.registry.ModelVersionId;

/**
 * How an endpoint's traffic is shared between its primary version and a candidate. The candidate is
 * loaded whenever it is set: it either answers {@code candidatePercent} of requests (a traffic
 * split), or receives a mirrored copy of {@code mirrorPercent} of them whose answers are captured
 * under {@code captureId} and never returned (a shadow), or neither (kept warm, e.g. the previous
 * version after a promotion).
 */
public record Traffic(
        ModelVersionId candidate, int candidatePercent, int mirrorPercent, String captureId) {
    public static final Traffic NONE = new Traffic(null, 0, 0, null);

    public Traffic {
        if (candidatePercent < 0 || candidatePercent > 100) {
            throw new IllegalArgumentException(
                    "candidate percent must be in [0, 100], got " + candidatePercent);
        }
        if (mirrorPercent < 0 || mirrorPercent > 100) {
            throw new IllegalArgumentException(
                    "mirror percent must be in [0, 100], got " + mirrorPercent);
        }
        if (candidate == null && (candidatePercent > 0 || mirrorPercent > 0)) {
            throw new IllegalArgumentException(
                    "traffic without a candidate cannot be split or mirrored");
        }
        if (candidatePercent > 0 && mirrorPercent > 0) {
            throw new IllegalArgumentException(
                    "a candidate either takes traffic or mirrors it, not both");
        }
        if (mirrorPercent > 0 && (captureId == null || captureId.isBlank())) {
            throw new IllegalArgumentException("mirrored traffic needs a capture id");
        }
    }

    /** A candidate loaded and kept warm, answering nothing. */
    public static Traffic standby(ModelVersionId candidate) {
        return new Traffic(candidate, 0, 0, null);
    }

    public static Traffic split(ModelVersionId candidate, int percent) {
        return new Traffic(candidate, percent, 0, null);
    }

    public static Traffic mirror(ModelVersionId candidate, int percent, String captureId) {
        return new Traffic(candidate, 0, percent, captureId);
    }

    public boolean hasCandidate() {
        return candidate != null;
    }

    @Override
    public String toString() {
        if (candidate == null) {
            return "primary only";
        }
        if (mirrorPercent > 0) {
            return "mirror " + mirrorPercent + "% to " + candidate;
        }
        return candidatePercent + "% to " + candidate;
    }
}
