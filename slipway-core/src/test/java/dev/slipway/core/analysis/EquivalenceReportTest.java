package dev.slipway.core.analysis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.analysis.EquivalenceReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class EquivalenceReportTest {

    @Test
    void aPassHasNoReasonsAndAnythingElseHasAtLeastOne() {
        assertThatThrownBy(
                        () -> new EquivalenceReport(10, 0, List.of(), Verdict.PASSED, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equivalenceReport.reasons");
        assertThatThrownBy(() -> new EquivalenceReport(10, 1, List.of(), Verdict.FAILED, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equivalenceReport.reasons");
    }

    @Test
    void failuresCannotExceedPairs() {
        assertThatThrownBy(
                        () ->
                                new EquivalenceReport(
                                        2, 3, List.of(), Verdict.FAILED, List.of("failed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("candidateFailures <= pairs");
    }
}
