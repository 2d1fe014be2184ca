package dev.slipway.core.node;

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.GoldenValidator;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.rollout.CandidateView;
import java.util.List;
import java.util.Optional;

/** The rollout engine's view of this process's node. Thread-safe. */
public final class NodeCandidateView implements CandidateView {
    private final LocalNode node;
    private final NodeReconciler reconciler;

    public NodeCandidateView(LocalNode node, NodeReconciler reconciler) {
        this.node = node;
        this.reconciler = reconciler;
    }

    @Override
    public boolean servesAsCandidate(String endpoint, ModelVersionId version) {
        return node.candidate(endpoint)
                .map(set -> set.version().id().equals(version))
                .orElse(false);
    }

    @Override
    public boolean servesAsPrimary(String endpoint, ModelVersionId version) {
        return node.serving(endpoint).map(set -> set.version().id().equals(version)).orElse(false);
    }

    @Override
    public Optional<String> loadFailure(String endpoint, ModelVersionId version) {
        return reconciler.loadFailure(endpoint, version);
    }

    @Override
    public ValidationReport validateCandidate(
            String endpoint, ModelVersionId version, List<GoldenExample> golden) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ServingSet candidate =
                    node.candidate(endpoint)
                            .filter(set -> set.version().id().equals(version))
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    version
                                                            + " is not loaded as the candidate of "
                                                            + endpoint));
            ValidationReport report =
                    candidate
                            .pick()
                            .withPredictor(
                                    predictor ->
                                            GoldenValidator.validate(version, predictor, golden));
            if (report != null) {
                return report;
            }
        }
        throw new IllegalStateException(
                "the candidate copies of " + endpoint + " were replaced while validating");
    }
}
