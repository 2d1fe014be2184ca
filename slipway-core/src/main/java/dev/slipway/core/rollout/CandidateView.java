package dev.slipway.core.rollout;

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.ValidationReport;
import dev.slipway.core.registry.ModelVersionId;
import java.util.List;
import java.util.Optional;

/** What the rollout engine needs to know of the nodes serving an endpoint. */
public interface CandidateView {

    /** Whether the version is loaded beside the primary and routed as the candidate. */
    boolean servesAsCandidate(String endpoint, ModelVersionId version);

    /** Whether the version is the primary the endpoint's requests go to. */
    boolean servesAsPrimary(String endpoint, ModelVersionId version);

    /** Why loading the version failed, while that failure stands. */
    Optional<String> loadFailure(String endpoint, ModelVersionId version);

    /** Runs golden examples on a loaded copy of the candidate. */
    ValidationReport validateCandidate(
            String endpoint, ModelVersionId version, List<GoldenExample> golden);
}
