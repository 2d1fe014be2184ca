package dev.slipway.cli.apply;

import static dev.slipway.cli.apply.ServerAnswers.endpoint;
import static dev.slipway.cli.apply.ServerAnswers.model;
import static dev.slipway.cli.apply.ServerAnswers.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.ServingPolicySpec;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.ServerAnswers.StoredVersion;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning of an endpoint's queue, row, batching and async settings. */
class ServingPolicyPlanningTest {

    private static final String SECRET = "s3cr3t-webhook-signing-key";
    private static final Model WINE =
            model(
                    "wine",
                    null,
                    Map.of(),
                    Map.of(),
                    List.of(new StoredVersion(1, "1".repeat(64), "onnx")));
    private static final ServingPolicy.Notifications HOOKS =
            new ServingPolicy.Notifications(
                    "https://hooks.example/ok", null, Path.of("hooks/hook.secret"), SECRET);

    /** The server's answer: batching 32/2ms, maxQueue unset, async defaults, the given hooks. */
    private static String serverPolicy(String notifications) {
        return """
                "maxQueue": null, "maxRows": 1000, "batching": {"maxBatchSize": 32, "maxDelay": "2ms"},
                "async": {"maxConcurrentPerCopy": 1, "maxAttempts": 3, "ttl": "6h", "invocationTimeout": "15m",
                          "notifications": %s}"""
                .formatted(notifications);
    }

    private static final String SERVER_HOOKS =
            "{\"onSuccess\": \"https://hooks.example/ok\", \"onError\": null, \"secretSet\": true}";

    private static List<PlannedChange> plan(ServingPolicy policy, String serverPolicy) {
        EndpointManifest manifest =
                new EndpointManifest(
                        new ManifestSource(Path.of("endpoint.yaml"), 1),
                        "wine",
                        ModelReference.parse("wine:1"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        policy);
        return ApplyPlanner.plan(
                        new ManifestSet(List.of(), List.of(manifest)),
                        state(
                                WINE,
                                endpoint(
                                        "wine", "wine:1", 1, 1, "1", "512Mi", "30s", serverPolicy)))
                .changes();
    }

    @Test
    void equalSettingsAreUnchangedComparingDurationsByLength() {
        ServingPolicy policy =
                new ServingPolicy(
                        null,
                        1000,
                        new ServingPolicy.Batching(32, DurationValue.parse("2ms")),
                        new ServingPolicy.Async(
                                1,
                                3,
                                DurationValue.parse("360m"),
                                DurationValue.parse("900s"),
                                HOOKS));

        assertThat(plan(policy, serverPolicy(SERVER_HOOKS)))
                .containsExactly(new Unchanged("endpoint/wine"));
    }

    @Test
    void differencesAreListedAndOnlyTheyAreSent() {
        ServingPolicy policy =
                new ServingPolicy(
                        256,
                        2000,
                        new ServingPolicy.Batching(8, null),
                        new ServingPolicy.Async(1, 5, DurationValue.parse("1h"), null, null));

        UpdateEndpoint update = (UpdateEndpoint) plan(policy, serverPolicy(SERVER_HOOKS)).get(0);

        assertThat(update.differences())
                .containsExactly(
                        "maxQueue (default) -> 256",
                        "maxRows 1000 -> 2000",
                        "batching.maxBatchSize 32 -> 8",
                        "async.maxAttempts 3 -> 5",
                        "async.ttl 6h -> 1h");
        assertThat(update.changes())
                .isEqualTo(
                        new EndpointSpec(
                                null,
                                null,
                                null,
                                null,
                                null,
                                new ServingPolicySpec(
                                        256,
                                        2000,
                                        new ServingPolicySpec.BatchingSpec(8, "2ms"),
                                        new ServingPolicySpec.AsyncSpec(null, 5, "1h", null, null)),
                                null));
        assertThat(PlanWording.wouldDo(update))
                .isEqualTo(
                        "(dry run) endpoint/wine: would be updated (maxQueue (default) -> 256,"
                                + " maxRows 1000 -> 2000, batching.maxBatchSize 32 -> 8,"
                                + " async.maxAttempts 3 -> 5, async.ttl 6h -> 1h)");
    }

    @Test
    void newNotificationsAreSentWholeWithTheSecretWhichIsNeverShown() {
        ServingPolicy policy =
                new ServingPolicy(
                        null, null, null, new ServingPolicy.Async(null, null, null, null, HOOKS));

        UpdateEndpoint update = (UpdateEndpoint) plan(policy, serverPolicy("null")).get(0);

        assertThat(update.differences())
                .containsExactly(
                        "async.notifications (none) -> onSuccess https://hooks.example/ok, secret"
                                + " from hook.secret");
        assertThat(update.changes().policy().async().notifications())
                .isEqualTo(
                        new ServingPolicySpec.Notifications(
                                "https://hooks.example/ok", null, SECRET));
        assertThat(update.toString()).doesNotContain(SECRET);
        assertThat(PlanWording.done(update, null)).doesNotContain(SECRET);
    }

    @Test
    void changedWebhooksOrAMissingSecretAreSentWhole() {
        ServingPolicy policy =
                new ServingPolicy(
                        null,
                        null,
                        null,
                        new ServingPolicy.Async(
                                null,
                                null,
                                null,
                                null,
                                new ServingPolicy.Notifications(
                                        "https://hooks.example/ok",
                                        "https://hooks.example/err",
                                        Path.of("hook.secret"),
                                        SECRET)));
        String withoutSecret =
                "{\"onSuccess\": \"https://hooks.example/ok\", \"onError\": null, \"secretSet\": false}";

        UpdateEndpoint update = (UpdateEndpoint) plan(policy, serverPolicy(withoutSecret)).get(0);

        assertThat(update.differences())
                .containsExactly(
                        "async.notifications.onError (none) -> https://hooks.example/err",
                        "async.notifications.secret (not set) -> from hook.secret");
        assertThat(update.changes().policy().async())
                .isEqualTo(
                        new ServingPolicySpec.AsyncSpec(
                                null,
                                null,
                                null,
                                null,
                                new ServingPolicySpec.Notifications(
                                        "https://hooks.example/ok",
                                        "https://hooks.example/err",
                                        SECRET)));
    }

    @Test
    void aServerThatShowsNoBatchingGetsBothFieldsTheManifestGives() {
        ServingPolicy policy =
                new ServingPolicy(
                        null,
                        null,
                        new ServingPolicy.Batching(32, DurationValue.parse("2ms")),
                        null);

        UpdateEndpoint update = (UpdateEndpoint) plan(policy, "\"maxQueue\": null").get(0);

        assertThat(update.differences())
                .containsExactly(
                        "batching.maxBatchSize (none) -> 32", "batching.maxDelay (none) -> 2ms");
        assertThat(update.changes().policy().batching())
                .isEqualTo(new ServingPolicySpec.BatchingSpec(32, "2ms"));
    }
}
