package dev.slipway.core.async;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static dev.slipway.core.testing.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.async.AsyncService.Submission;
import dev.slipway.core.endpoint.AsyncSettings;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.testing.AsyncSpecs;
import dev.slipway.core.testing.FakeClock;
import dev.slipway.core.testing.InMemoryArtifactStore;
import dev.slipway.core.testing.InMemoryAsyncPayloads;
import dev.slipway.core.testing.InMemoryAsyncStore;
import dev.slipway.core.testing.InMemoryEndpointStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accepting asynchronous invocations of {@code scoring} (default settings: six hours to live,
 * fifteen minutes per attempt, three attempts): what is checked, and what an accepted one stores.
 */
class AsyncServiceTest {
    private static final String ENDPOINT = "scoring";
    private static final byte[] PAYLOAD = "{\"amount\":42}".getBytes(StandardCharsets.UTF_8);

    private final FakeClock clock = new FakeClock();
    private final InMemoryAsyncStore store = new InMemoryAsyncStore();
    private final InMemoryAsyncPayloads payloads = new InMemoryAsyncPayloads();
    private final InMemoryEndpointStore endpoints = new InMemoryEndpointStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final AtomicInteger workerTriggers = new AtomicInteger();
    private final AsyncService service =
            new AsyncService(
                    store, payloads, endpoints, artifacts, clock, workerTriggers::incrementAndGet);

    @BeforeEach
    void storeTheEndpoint() {
        endpoints.insert(AsyncSpecs.endpoint(ENDPOINT, AsyncSettings.DEFAULT));
    }

    @Test
    void rejectsAnUnknownEndpointAsNotFound() {
        assertFailsWith(
                        ErrorCode.ENDPOINT_NOT_FOUND,
                        () -> service.accept(inline("ranking", PAYLOAD)))
                .hasMessage("endpoint 'ranking' does not exist");
    }

    @Test
    void rejectsABodyAndAnInputLocationTogether() {
        String location = "sha256:" + artifacts.putText("{}").sha256();

        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> service.accept(submission(PAYLOAD, location, null, null)))
                .hasMessage(
                        "send the payload either in the body or by X-Amzn-SageMaker-InputLocation,"
                                + " not both");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsARequestWithoutBodyOrInputLocation(byte[] body) {
        assertFailsWith(
                        ErrorCode.INVALID_INPUT,
                        () -> service.accept(submission(body, null, null, null)))
                .hasMessage(
                        "the request body is empty and there is no X-Amzn-SageMaker-InputLocation");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3://bucket/input.json",
                "sha256:abc123",
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            })
    void rejectsAnInputLocationThatIsNotASha256OfTheArtifactStore(String location) {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> service.accept(submission(null, location, null, null)))
                .hasMessageStartingWith(
                        "X-Amzn-SageMaker-InputLocation must name an object of Slipway's artifact"
                                + " store as sha256:<64 hex digits>")
                .hasMessageEndingWith("got '" + location + "'");
    }

    @Test
    void rejectsAnInputLocationTheArtifactStoreDoesNotHold() {
        String missing = "sha256:" + "ab".repeat(32);

        assertFailsWith(
                        ErrorCode.ARTIFACT_NOT_FOUND,
                        () -> service.accept(submission(null, missing, null, null)))
                .hasMessage("no stored object " + missing + " (X-Amzn-SageMaker-InputLocation)");
    }

    @Test
    void queuesAStoredInputLocationWithoutCopyingThePayload() {
        String location = "sha256:" + artifacts.putText("{\"amount\":42}").sha256();

        AsyncInvocation accepted = service.accept(submission(null, location, null, null));

        assertThat(accepted.input()).isEqualTo(location);
        assertThat(payloads.input(accepted.id())).isEmpty();
        assertThat(store.find(accepted.id())).contains(accepted);
    }

    @Test
    void storesAnInlinePayloadUnderTheInvocationsId() {
        AsyncInvocation accepted = service.accept(inline(ENDPOINT, PAYLOAD));

        assertThat(accepted.input()).isEqualTo(AsyncInvocation.INLINE);
        assertThat(payloads.input(accepted.id())).contains(PAYLOAD);
        assertThat(store.find(accepted.id())).contains(accepted);
    }

    @Test
    void queuesWithTheEndpointsTimeToLiveTimeoutAndAttempts() {
        AsyncInvocation accepted = service.accept(inline(ENDPOINT, PAYLOAD));

        assertThat(accepted.status()).isEqualTo(AsyncStatus.QUEUED);
        assertThat(accepted.endpoint()).isEqualTo(ENDPOINT);
        assertThat(accepted.attempts()).isZero();
        assertThat(accepted.maxAttempts()).isEqualTo(3);
        assertThat(accepted.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(accepted.createdAt()).isEqualTo(clock.instant());
        assertThat(accepted.notBefore()).isEqualTo(clock.instant());
        assertThat(accepted.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(6)));
        assertThat(accepted.notification()).isEqualTo(AsyncInvocation.NotificationState.NONE);
    }

    @Test
    void theCallersTimeToLiveAndTimeoutOverrideTheEndpoints() {
        AsyncInvocation accepted =
                service.accept(
                        submission(PAYLOAD, null, Duration.ofSeconds(90), Duration.ofSeconds(20)));

        assertThat(accepted.expiresAt()).isEqualTo(clock.instant().plusSeconds(90));
        assertThat(accepted.timeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void keepsTheCallersTypesAndInferenceId() {
        AsyncInvocation accepted =
                service.accept(
                        new Submission(
                                ENDPOINT,
                                PAYLOAD,
                                null,
                                "text/csv",
                                "application/json",
                                "batch-7",
                                null,
                                null));

        assertThat(accepted.contentType()).isEqualTo("text/csv");
        assertThat(accepted.accept()).isEqualTo("application/json");
        assertThat(accepted.inferenceId()).isEqualTo("batch-7");
    }

    @Test
    void storesMissingTypesAsEmpty() {
        AsyncInvocation accepted = service.accept(inline(ENDPOINT, PAYLOAD));

        assertThat(accepted.contentType()).isEmpty();
        assertThat(accepted.accept()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 604_801})
    void rejectsATimeToLiveOutsideOneSecondToSevenDays(long seconds) {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.accept(
                                        submission(
                                                PAYLOAD, null, Duration.ofSeconds(seconds), null)))
                .hasMessage(
                        "X-Amzn-SageMaker-RequestTTLSeconds must be between 1 and 604800, got "
                                + seconds);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 604_800})
    void acceptsATimeToLiveOfOneSecondToSevenDays(long seconds) {
        AsyncInvocation accepted =
                service.accept(submission(PAYLOAD, null, Duration.ofSeconds(seconds), null));

        assertThat(accepted.expiresAt()).isEqualTo(clock.instant().plusSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3_601})
    void rejectsATimeoutOutsideOneSecondToAnHour(long seconds) {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.accept(
                                        submission(
                                                PAYLOAD, null, null, Duration.ofSeconds(seconds))))
                .hasMessage(
                        "X-Amzn-SageMaker-InvocationTimeoutSeconds must be between 1 and 3600,"
                                + " got "
                                + seconds);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 3_600})
    void acceptsATimeoutOfOneSecondToAnHour(long seconds) {
        AsyncInvocation accepted =
                service.accept(submission(PAYLOAD, null, null, Duration.ofSeconds(seconds)));

        assertThat(accepted.timeout()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void acceptsAnEndpointWhoseOwnTimeoutIsUnderASecond() {
        endpoints.insert(
                AsyncSpecs.endpoint(
                        "fast",
                        new AsyncSettings(
                                1, 3, Duration.ofHours(1), Duration.ofMillis(500), null)));

        AsyncInvocation accepted = service.accept(inline("fast", PAYLOAD));

        assertThat(accepted.timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void queuesNothingAndTriggersNoPassWhenItRejects() {
        failureOf(() -> service.accept(submission(PAYLOAD, null, Duration.ZERO, null)));

        assertThat(store.list(null, null, 10)).isEmpty();
        assertThat(workerTriggers).hasValue(0);
    }

    @Test
    void storesNoPayloadForARejectedInvocation() {
        failureOf(() -> service.accept(submission(PAYLOAD, null, null, Duration.ZERO)));

        assertThat(payloads.storedInputs()).isZero();
    }

    @Test
    void triggersAWorkerPassForEachAcceptedInvocation() {
        service.accept(inline(ENDPOINT, PAYLOAD));
        service.accept(inline(ENDPOINT, PAYLOAD));

        assertThat(workerTriggers).hasValue(2);
    }

    @Test
    void answersAnUnknownInvocationAsNotFound() {
        assertFailsWith(ErrorCode.NOT_FOUND, () -> service.get("nope"))
                .hasMessage("async invocation 'nope' does not exist");
    }

    private static Submission inline(String endpoint, byte[] payload) {
        return new Submission(endpoint, payload, null, null, null, null, null, null);
    }

    private static Submission submission(
            byte[] payload, String inputLocation, Duration ttl, Duration timeout) {
        return new Submission(ENDPOINT, payload, inputLocation, null, null, null, ttl, timeout);
    }
}
