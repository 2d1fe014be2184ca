package dev.slipway.core.endpoint;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.core.testing.InMemoryPlatform;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writing endpoints' desired state: defaults, checks, and what each write records. */
class EndpointServiceTest {
    private static final long GIB = 1L << 30;

    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final AtomicInteger reconcilerNudges = new AtomicInteger();
    private final EndpointService service =
            new EndpointService(
                    platform.endpointStore,
                    platform.registry,
                    new NodeCapacity(4, 8 * GIB),
                    platform.events,
                    platform.clock,
                    reconcilerNudges::incrementAndGet);

    @BeforeEach
    void storeTwoVersionsWithAChampion() {
        platform.storeVersion("fraud", 1);
        platform.storeVersion("fraud", 1);
        platform.registryStore.setAlias("fraud", "champion", 1);
    }

    @Test
    void createsWithOneCopyOneCore512MiAnd30Seconds() {
        Endpoint endpoint = service.create("scoring", model("fraud:2"));

        assertThat(endpoint.version()).isEqualTo(new ModelVersionId("fraud", 2));
        assertThat(endpoint.copies()).isEqualTo(1);
        assertThat(endpoint.resources()).isEqualTo(new Resources(1, 512L << 20));
        assertThat(endpoint.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(endpoint.generation()).isEqualTo(1);
        assertThat(endpoint.createdAt()).isEqualTo(platform.clock.instant());
        assertThat(platform.endpointStore.find("scoring")).contains(endpoint);
    }

    @Test
    void recordsTheCreationAndNudgesTheReconciler() {
        service.create("scoring", new EndpointChange("fraud:1", 2, null, null, null));

        assertThat(platform.events.last().subject()).isEqualTo("endpoint/scoring");
        assertThat(platform.events.last().type()).isEqualTo("endpoint.created");
        assertThat(platform.events.last().message()).isEqualTo("fraud:1 x2");
        assertThat(reconcilerNudges).hasValue(1);
    }

    @Test
    void refusesANameThatIsTaken() {
        service.create("scoring", model("fraud:1"));

        assertFailsWith(
                        ErrorCode.ENDPOINT_EXISTS,
                        () -> service.create("scoring", model("fraud:2")))
                .hasMessage("endpoint 'scoring' already exists (use update to change it)");
        assertThat(reconcilerNudges).hasValue(1);
    }

    @Test
    void requiresAModelOnCreate() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.create(
                                        "scoring", new EndpointChange(null, 1, null, null, null)))
                .hasMessage("model is required (NAME:VERSION or NAME@ALIAS)");
    }

    @Test
    void resolvesAnAliasWhenTheSpecIsWrittenAndKeepsThatVersion() {
        Endpoint endpoint = service.create("scoring", model("fraud@champion"));
        platform.registryStore.setAlias("fraud", "champion", 2);

        assertThat(endpoint.ref()).isEqualTo(new ModelRef.Aliased("fraud", "champion"));
        assertThat(endpoint.version()).isEqualTo(new ModelVersionId("fraud", 1));
        assertThat(service.get("scoring").version()).isEqualTo(new ModelVersionId("fraud", 1));
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndBumpsTheGeneration() {
        Endpoint created =
                service.create(
                        "scoring",
                        new EndpointChange("fraud:1", 1, 0.5, GIB, Duration.ofSeconds(5)));
        platform.clock.advance(Duration.ofMinutes(1));

        Endpoint updated = service.update("scoring", new EndpointChange(null, 3, null, null, null));

        assertThat(updated.copies()).isEqualTo(3);
        assertThat(updated.version()).isEqualTo(created.version());
        assertThat(updated.resources()).isEqualTo(new Resources(0.5, GIB));
        assertThat(updated.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(updated.generation()).isEqualTo(2);
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(created.createdAt().plus(Duration.ofMinutes(1)));
        assertThat(platform.endpointStore.find("scoring")).contains(updated);
        assertThat(platform.events.last().message()).isEqualTo("copies 1 -> 3");
    }

    @Test
    void updateWithoutAModelKeepsTheVersionTheAliasResolvedTo() {
        service.create("scoring", model("fraud@champion"));
        platform.registryStore.setAlias("fraud", "champion", 2);

        Endpoint scaled = service.update("scoring", new EndpointChange(null, 3, null, null, null));

        assertThat(scaled.version()).isEqualTo(new ModelVersionId("fraud", 1));
        assertThat(platform.events.last().message()).isEqualTo("copies 1 -> 3");
    }

    @Test
    void updateNamingTheAliasAgainResolvesItAfresh() {
        service.create("scoring", model("fraud@champion"));
        platform.registryStore.setAlias("fraud", "champion", 2);

        Endpoint updated = service.update("scoring", model("fraud@champion"));

        assertThat(updated.version()).isEqualTo(new ModelVersionId("fraud", 2));
        assertThat(platform.events.last().message())
                .isEqualTo("model fraud:1 -> fraud:2 (fraud@champion)");
    }

    @Test
    void anUnchangedUpdateWritesNothingAndDoesNotNudgeTheReconciler() {
        Endpoint created =
                service.create("scoring", new EndpointChange("fraud:1", 2, null, null, null));
        int writes = platform.endpointStore.writes();

        Endpoint result =
                service.update("scoring", new EndpointChange("fraud:1", 2, 1.0, null, null));

        assertThat(result).isEqualTo(created);
        assertThat(platform.endpointStore.writes()).isEqualTo(writes);
        assertThat(platform.events.types()).containsExactly("endpoint.created");
        assertThat(reconcilerNudges).hasValue(1);
    }

    @Test
    void everyWriteNudgesTheReconciler() {
        service.create("scoring", model("fraud:1"));
        service.update("scoring", model("fraud:2"));
        service.delete("scoring");

        assertThat(reconcilerNudges).hasValue(3);
        assertThat(platform.events.types())
                .containsExactly("endpoint.created", "endpoint.updated", "endpoint.deleted");
    }

    @Test
    void refusesToUpdateAMissingEndpoint() {
        assertFailsWith(
                        ErrorCode.ENDPOINT_NOT_FOUND,
                        () -> service.update("scoring", model("fraud:1")))
                .hasMessage("endpoint 'scoring' does not exist");
    }

    @Test
    void refusesCapacityBeyondTheNodeCountingTheOtherEndpoints() {
        service.create("first", new EndpointChange("fraud:1", 3, null, null, null));

        assertFailsWith(
                        ErrorCode.INSUFFICIENT_CAPACITY,
                        () ->
                                service.create(
                                        "second",
                                        new EndpointChange("fraud:1", 2, null, null, null)))
                .hasMessage(
                        "endpoint 'second' needs 2.0 cores and 1Gi; with the other endpoints"
                                + " that makes 5.0 cores and 2560Mi, over the node capacity of 4.0 cores and 8Gi");
        assertThat(platform.endpointStore.find("second")).isEmpty();
        assertThat(reconcilerNudges).hasValue(1);
    }

    @Test
    void anUpdateDoesNotCountTheEndpointsOwnOldReservation() {
        service.create("first", new EndpointChange("fraud:1", 3, null, null, null));

        Endpoint updated = service.update("first", new EndpointChange(null, 4, null, null, null));

        assertThat(updated.reservedCores()).isEqualTo(4.0);
    }

    @Test
    void refusesMemoryBeyondTheNode() {
        assertFailsWith(
                ErrorCode.INSUFFICIENT_CAPACITY,
                () -> service.create("big", new EndpointChange("fraud:1", 2, null, 5 * GIB, null)));
    }

    @Test
    void refusesMemorySoLargeThatTheReservationWouldOverflow() {
        assertFailsWith(
                ErrorCode.INSUFFICIENT_CAPACITY,
                () ->
                        service.create(
                                "huge",
                                new EndpointChange("fraud:1", 2, null, Long.MAX_VALUE, null)));
        assertThat(platform.endpointStore.list()).isEmpty();
    }

    @Test
    void refusesCopiesOutsideZeroTo64() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.create(
                                        "scoring",
                                        new EndpointChange("fraud:1", -1, null, null, null)))
                .hasMessage("copies must be between 0 and 64, got -1");
        assertFailsWith(
                ErrorCode.INVALID_ARGUMENT,
                () ->
                        service.create(
                                "scoring", new EndpointChange("fraud:1", 65, null, null, null)));
    }

    @Test
    void refusesATimeoutOfZeroOrAboveTenMinutes() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.create(
                                        "scoring",
                                        new EndpointChange(
                                                "fraud:1", 1, null, null, Duration.ZERO)))
                .hasMessage("timeout must be between 1ms and 10m, got 0ms");
        service.create("scoring", model("fraud:1"));
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.update(
                                        "scoring",
                                        new EndpointChange(
                                                null, null, null, null, Duration.ofMinutes(11))))
                .hasMessage("timeout must be between 1ms and 10m, got 11m");
    }

    @Test
    void refusesInvalidResources() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () ->
                                service.create(
                                        "scoring",
                                        new EndpointChange("fraud:1", 1, 0.0, null, null)))
                .hasMessage("resources.cores must be in (0, 256], got 0.0");
    }

    @Test
    void refusesAnArchivedVersion() {
        platform.registryStore.updateStatus(new ModelVersionId("fraud", 1), VersionStatus.ARCHIVED);

        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> service.create("scoring", model("fraud:1")))
                .hasMessage("model fraud:1 is archived and cannot be deployed");
    }

    @Test
    void refusesAnInvalidEndpointName() {
        assertFailsWith(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> service.create("Scoring!", model("fraud:1")))
                .hasMessageStartingWith("endpoint name 'Scoring!' is invalid");
    }

    @Test
    void deletesAnEndpoint() {
        service.create("scoring", model("fraud:1"));

        service.delete("scoring");

        assertThat(service.list()).isEmpty();
        assertThat(platform.events.last().type()).isEqualTo("endpoint.deleted");
    }

    @Test
    void refusesToDeleteAMissingEndpoint() {
        assertFailsWith(ErrorCode.ENDPOINT_NOT_FOUND, () -> service.delete("scoring"))
                .hasMessage("endpoint 'scoring' does not exist");
        assertThat(reconcilerNudges).hasValue(0);
    }

    private static EndpointChange model(String ref) {
        return new EndpointChange(ref, null, null, null, null);
    }
}
