package dev.slipway.core.testing;

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.Mismatch;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.CandidateView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the node would report to the rollout engine, set by the test: which versions it serves as
 * candidate or primary (of any endpoint), which failed to load, and the mismatches the golden
 * examples find. Records the golden examples it was asked to run. Thread-safe (methods are
 * synchronized).
 */
public final class FakeCandidateView implements CandidateView {
    private final Set<ModelVersionId> candidates = new HashSet<>();
    private final Set<ModelVersionId> primaries = new HashSet<>();
    private final Map<ModelVersionId, String> loadFailures = new HashMap<>();
    private final List<List<GoldenExample>> validations = new ArrayList<>();
    private List<Mismatch> mismatches = List.of();

    public synchronized void serveAsCandidate(ModelVersionId version) {
        candidates.add(version);
    }

    public synchronized void serveAsPrimary(ModelVersionId version) {
        primaries.add(version);
    }

    public synchronized void failLoad(ModelVersionId version, String why) {
        loadFailures.put(version, why);
    }

    /** Validations from now on report these mismatches. */
    public synchronized void mismatch(Mismatch... found) {
        mismatches = List.of(found);
    }

    /** The golden examples of each validation so far, oldest first. */
    public synchronized List<List<GoldenExample>> validations() {
        return List.copyOf(validations);
    }

    @Override
    public synchronized boolean servesAsCandidate(String endpoint, ModelVersionId version) {
        return candidates.contains(version);
    }

    @Override
    public synchronized boolean servesAsPrimary(String endpoint, ModelVersionId version) {
        return primaries.contains(version);
    }

    @Override
    public synchronized Optional<String> loadFailure(String endpoint, ModelVersionId version) {
        return Optional.ofNullable(loadFailures.get(version));
    }

    @Override
    public synchronized ValidationReport validateCandidate(
            String endpoint, ModelVersionId version, List<GoldenExample> golden) {
        validations.add(List.copyOf(golden));
        return new ValidationReport(version, golden.size(), mismatches);
    }
}
