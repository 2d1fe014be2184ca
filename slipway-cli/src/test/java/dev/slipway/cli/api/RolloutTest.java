package dev.slipway.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.input.JacksonMappers;
import org.junit.jupiter.api.Test;

/** Reading the server's Rollout answer. */
class RolloutTest {

    @Test
    void readsTheAnswerOfDocsApiMd() throws Exception {
        Rollout rollout =
                JacksonMappers.JSON.readValue(
                        """
                        {"id": 7, "endpoint": "wine", "from": "wine:1", "to": "wine:2", "strategy": "gradual",
                         "spec": {"strategy": "gradual", "steps": [10, 50, 100]}, "phase": "baking", "active": true,
                         "step": {"index": 1, "percent": 50}, "phaseStartedAt": "2025-01-01T00:00:00Z",
                         "pendingAction": null, "reason": "",
                         "traffic": {"primary": "wine:1", "candidate": "wine:2", "candidatePercent": 50, "mirrorPercent": 0},
                         "guardrails": {"candidate": {"requests": 10, "failures": 1, "errorRate": 0.1, "p99Ms": 12.5},
                                        "primary": {"requests": 10, "failures": 0, "errorRate": 0.0, "p99Ms": 11}},
                         "analysis": null, "events": [{"id": 1, "at": "2025-01-01T00:00:00Z", "subject": "endpoint/wine",
                                                       "type": "rollout.started", "message": "go"}],
                         "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z",
                         "someFieldOfLater": 1}""",
                        Rollout.class);

        assertThat(rollout.step()).isEqualTo(new Rollout.Step(1, 50));
        assertThat(rollout.guardrails().candidate().p99Ms()).isEqualTo(12.5);
        assertThat(rollout.events())
                .extracting(Rollout.Event::type)
                .containsExactly("rollout.started");
        assertThat(rollout.active()).isTrue();
        assertThat(rollout.completed()).isFalse();
    }

    @Test
    void withoutActiveTheEndingPhasesMeanEnded() throws Exception {
        for (String phase : Rollout.ENDINGS) {
            assertThat(read("{\"id\": 7, \"phase\": \"" + phase + "\"}").active())
                    .as(phase)
                    .isFalse();
        }
        assertThat(read("{\"id\": 7, \"phase\": \"keeping_previous\"}").active()).isTrue();
        assertThat(read("{\"id\": 7, \"phase\": \"baking\"}").events()).isEmpty();
    }

    private static Rollout read(String json) throws Exception {
        return JacksonMappers.JSON.readValue(json, Rollout.class);
    }
}
