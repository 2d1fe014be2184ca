package dev.slipway.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.input.DurationValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.batching}, {@code spec.maxQueue}, {@code spec.maxRows} and {@code spec.async}. */
class ServingPolicyManifestsTest {

    private static final String SECRET = "s3cr3t-webhook-signing-key";

    @TempDir Path directory;

    @Test
    void theExampleEndpointsBatch() {
        EndpointManifest endpoint =
                Manifests.load(List.of(ManifestsTest.BREAST_CANCER)).endpoints().get(0);

        assertThat(endpoint.policy())
                .isEqualTo(
                        new ServingPolicy(
                                null,
                                null,
                                new ServingPolicy.Batching(32, DurationValue.parse("2ms")),
                                null));
    }

    @Test
    void readsEveryFieldWithTheSecretFileBesideTheManifest() throws Exception {
        Files.createDirectories(directory.resolve("wine"));
        Files.writeString(directory.resolve("wine/hook.secret"), SECRET + "\n");
        Path file =
                write(
                        "wine/endpoint.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine@champion
                          maxQueue: 256
                          maxRows: 1000
                          batching: {maxBatchSize: 32, maxDelay: 2ms}
                          async:
                            maxConcurrentPerCopy: 2
                            maxAttempts: 5
                            ttl: 6h
                            invocationTimeout: 15m
                            notifications:
                              onSuccess: https://hooks.example/ok
                              onError: https://hooks.example/err
                              secretFile: hook.secret
                        """);

        ServingPolicy policy = Manifests.load(List.of(file)).endpoints().get(0).policy();

        assertThat(policy.maxQueue()).isEqualTo(256);
        assertThat(policy.maxRows()).isEqualTo(1000);
        assertThat(policy.batching())
                .isEqualTo(new ServingPolicy.Batching(32, DurationValue.parse("2ms")));
        assertThat(policy.async())
                .isEqualTo(
                        new ServingPolicy.Async(
                                2,
                                5,
                                DurationValue.parse("6h"),
                                DurationValue.parse("15m"),
                                new ServingPolicy.Notifications(
                                        "https://hooks.example/ok",
                                        "https://hooks.example/err",
                                        directory.resolve("wine/hook.secret"),
                                        SECRET)));
        assertThat(policy.toString()).doesNotContain(SECRET);
    }

    @Test
    void badValuesAreReportedUnderTheirField() throws Exception {
        Path file =
                write(
                        "endpoint.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:1
                          maxQueue: 0
                          maxRows: lots
                          batching: {maxBatchSize: 2.5, maxDelay: soon, window: 3}
                          async:
                            maxAttempts: 0
                            ttl: 0s
                            notifications: {onSuccess: "ftp://hooks.example/ok", secretFile: missing.secret}
                        """);

        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure ->
                                assertThat(failure.problems())
                                        .containsExactlyInAnyOrder(
                                                problem("spec.maxQueue must be >= 1"),
                                                problem("spec.maxRows must be a whole number"),
                                                problem(
                                                        "spec.batching.window is not a known field"
                                                                + " (expected one of maxBatchSize,"
                                                                + " maxDelay)"),
                                                problem(
                                                        "spec.batching.maxBatchSize must be a whole"
                                                                + " number"),
                                                problem(
                                                        "spec.batching.maxDelay: duration 'soon' is"
                                                                + " not valid: write a number with a"
                                                                + " unit ms, s, m or h (e.g. 5s,"
                                                                + " 250ms, 2m, 1m30s)"),
                                                problem("spec.async.maxAttempts must be >= 1"),
                                                problem("spec.async.ttl must be more than 0"),
                                                problem(
                                                        "spec.async.notifications.onSuccess"
                                                                + " 'ftp://hooks.example/ok' is not an"
                                                                + " http:// or https:// URL with a"
                                                                + " host"),
                                                problem(
                                                        "spec.async.notifications.secretFile: "
                                                                + directory.resolve(
                                                                        "missing.secret")
                                                                + ": file not found")));
    }

    @Test
    void notificationsNeedAWebhookAndTheirSecretFile() throws Exception {
        Path file =
                write(
                        "endpoint.yaml",
                        """
                        apiVersion: slipway.dev/v1
                        kind: Endpoint
                        metadata: {name: wine}
                        spec:
                          model: wine:1
                          async:
                            notifications: {}
                        """);

        assertThatThrownBy(() -> Manifests.load(List.of(file)))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        failure ->
                                assertThat(failure.problems())
                                        .containsExactlyInAnyOrder(
                                                problem(
                                                        "spec.async.notifications needs onSuccess,"
                                                                + " onError or both"),
                                                problem(
                                                        "spec.async.notifications.secretFile is"
                                                                + " required")));
    }

    private String problem(String text) {
        return directory.resolve("endpoint.yaml") + " document 1: " + text;
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }
}
