package dev.slipway.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * A rollout as {@code GET /api/v1/rollouts/{id}} answers it (docs/api.md). {@code spec} stays JSON:
 * the CLI only shows it, and the server's own rendering (defaults filled in) is what it ran with.
 *
 * @param from the version served before, {@code wine:1}; null when nothing served
 * @param active false once the rollout has ended; when the server leaves it out, it is read from
 *     the phase
 * @param step the current step of a gradual rollout ({@code index} counts from 0), else null
 * @param guardrails present while a step bakes
 * @param analysis present while (and after) a shadow rollout compares answers
 * @param events oldest first; only in the single-rollout answer
 */
public record Rollout(
        long id,
        String endpoint,
        String from,
        String to,
        String strategy,
        JsonNode spec,
        String phase,
        Boolean active,
        Step step,
        String phaseStartedAt,
        String pendingAction,
        String reason,
        Traffic traffic,
        GuardrailReadings guardrails,
        AnalysisResult analysis,
        List<Event> events,
        String createdAt,
        String updatedAt) {

    /** The phases a rollout ends in. */
    public static final Set<String> ENDINGS =
            Set.of("completed", "rolled_back", "aborted", "rejected", "failed");

    public Rollout {
        events = WireCollections.list(events);
        if (active == null) {
            active = !ENDINGS.contains(phase);
        }
    }

    /** {@code completed}: the new version serves; the only good way for a rollout to end. */
    public boolean completed() {
        return "completed".equals(phase);
    }

    public record Step(int index, int percent) {}

    /** Who answers: {@code candidatePercent} of requests go to the candidate, or are mirrored. */
    public record Traffic(
            String primary, String candidate, int candidatePercent, int mirrorPercent) {}

    public record GuardrailReadings(Readings candidate, Readings primary) {}

    /** One version's requests during the current bake. */
    public record Readings(long requests, long failures, Double errorRate, Double p99Ms) {}

    /** {@code verdict}: insufficient_data, passed or failed; {@code reasons} say why. */
    public record AnalysisResult(
            long pairs,
            long candidateFailures,
            String verdict,
            List<String> reasons,
            List<OutputComparison> outputs) {
        public AnalysisResult {
            reasons = WireCollections.list(reasons);
            outputs = WireCollections.list(outputs);
        }
    }

    /** One output's comparison; statistics that do not apply to it are null. */
    public record OutputComparison(
            String output,
            boolean categorical,
            long pairs,
            Double meanAbsDiff,
            Double maxAbsDiff,
            Double ksStatistic,
            Double pValue,
            Double psi,
            Double agreement) {}

    public record Event(Long id, String at, String subject, String type, String message) {}
}
