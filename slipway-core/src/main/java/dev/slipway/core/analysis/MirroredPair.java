package dev.slipway.core.analysis;

import dev.slipway.spi.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One live request answered by the primary version and mirrored to the candidate: both versions'
 * outputs for it and how long each took.
 *
 * @param primary the primary version's outputs, the ones the caller received
 * @param candidate the candidate's outputs; empty when its call failed, and it may lack an output
 *     the primary produced (the analysis counts that against it)
 * @param primaryNanos how long the primary took to answer
 * @param candidateNanos how long the candidate took to answer or to fail
 * @param candidateError why the candidate call failed, or null when it answered
 */
public record MirroredPair(
        List<Tensor> primary,
        List<Tensor> candidate,
        long primaryNanos,
        long candidateNanos,
        String candidateError) {

    public MirroredPair {
        primary = uniquelyNamed(primary, "primary");
        candidate = uniquelyNamed(candidate, "candidate");
        if (primaryNanos < 0 || candidateNanos < 0) {
            throw new IllegalArgumentException(
                    "mirroredPair.primaryNanos and candidateNanos must be >= 0, got "
                            + primaryNanos
                            + " and "
                            + candidateNanos);
        }
        if (candidateError != null) {
            if (candidateError.isBlank()) {
                throw new IllegalArgumentException(
                        "mirroredPair.candidateError must say why the call failed, or be null");
            }
            if (!candidate.isEmpty()) {
                throw new IllegalArgumentException(
                        "mirroredPair.candidate must be empty when candidateError is set, got "
                                + candidate.size()
                                + " output(s)");
            }
        }
    }

    /** Both versions answered. */
    public static MirroredPair answered(
            List<Tensor> primary, List<Tensor> candidate, long primaryNanos, long candidateNanos) {
        return new MirroredPair(primary, candidate, primaryNanos, candidateNanos, null);
    }

    /** The primary answered; the mirrored call to the candidate failed with {@code error}. */
    public static MirroredPair failedCandidate(
            List<Tensor> primary, String error, long primaryNanos, long candidateNanos) {
        Objects.requireNonNull(error, "mirroredPair.candidateError");
        return new MirroredPair(primary, List.of(), primaryNanos, candidateNanos, error);
    }

    public boolean candidateFailed() {
        return candidateError != null;
    }

    /** The candidate's output named {@code name}, or null when it produced none by that name. */
    public Tensor candidateOutput(String name) {
        for (Tensor output : candidate) {
            if (output.name().equals(name)) {
                return output;
            }
        }
        return null;
    }

    /** Outputs are matched by name, so a name given twice would make the pairing ambiguous. */
    private static List<Tensor> uniquelyNamed(List<Tensor> outputs, String field) {
        Objects.requireNonNull(outputs, "mirroredPair." + field);
        List<Tensor> copy = List.copyOf(outputs);
        Set<String> names = new HashSet<>();
        for (Tensor output : copy) {
            if (!names.add(output.name())) {
                throw new IllegalArgumentException(
                        "mirroredPair." + field + " has two outputs named '" + output.name() + "'");
            }
        }
        return copy;
    }
}
