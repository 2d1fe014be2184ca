package dev.slipway.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirroredPairTest {
    private static final Tensor PROBABILITY = Mirrors.floats("probability", 0.7);
    private static final Tensor LABEL = Mirrors.labels("label", 1);

    @Test
    void findsTheCandidatesOutputByName() {
        MirroredPair pair =
                MirroredPair.answered(List.of(PROBABILITY), List.of(LABEL, PROBABILITY), 1, 2);

        assertThat(pair.candidateOutput("probability")).isSameAs(PROBABILITY);
        assertThat(pair.candidateOutput("score")).isNull();
        assertThat(pair.candidateFailed()).isFalse();
    }

    @Test
    void aFailedCandidateHasAnErrorAndNoOutputs() {
        MirroredPair pair = MirroredPair.failedCandidate(List.of(PROBABILITY), "timeout", 1, 2);

        assertThat(pair.candidateFailed()).isTrue();
        assertThat(pair.candidate()).isEmpty();
        assertThat(pair.candidateError()).isEqualTo("timeout");
    }

    @Test
    void copiesTheOutputLists() {
        List<Tensor> primary = new ArrayList<>(List.of(PROBABILITY));
        MirroredPair pair = MirroredPair.answered(primary, List.of(), 1, 2);

        primary.add(LABEL);

        assertThat(pair.primary()).containsExactly(PROBABILITY);
    }

    @Test
    void rejectsTwoOutputsOfTheSameName() {
        assertThatThrownBy(
                        () ->
                                MirroredPair.answered(
                                        List.of(PROBABILITY),
                                        List.of(PROBABILITY, PROBABILITY),
                                        1,
                                        2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mirroredPair.candidate has two outputs named 'probability'");
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> MirroredPair.answered(List.of(PROBABILITY), List.of(), -1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mirroredPair.primaryNanos");
    }

    @Test
    void rejectsAnErrorAlongsideOutputsOrABlankError() {
        assertThatThrownBy(
                        () ->
                                new MirroredPair(
                                        List.of(PROBABILITY),
                                        List.of(PROBABILITY),
                                        1,
                                        2,
                                        "timeout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "mirroredPair.candidate must be empty when candidateError is set, got 1"
                                + " output(s)");
        assertThatThrownBy(() -> MirroredPair.failedCandidate(List.of(PROBABILITY), " ", 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mirroredPair.candidateError");
    }

    @Test
    void rejectsMissingLists() {
        assertThatThrownBy(() -> MirroredPair.answered(null, List.of(), 1, 2))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("mirroredPair.primary");
    }
}
