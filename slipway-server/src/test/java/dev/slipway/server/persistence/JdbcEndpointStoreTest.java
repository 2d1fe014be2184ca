package dev.slipway.server.persistence;

import static dev.slipway.server.persistence.JdbcRegistryStoreTest.NOW;
import static dev.slipway.server.persistence.JdbcRegistryStoreTest.version;
import static dev.slipway.server.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.endpoint.Endpoint;
import dev.slipway.core.endpoint.Resources;
import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.server.testing.Concurrently;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints in SQL: unique names and the generation as an optimistic lock. */
class JdbcEndpointStoreTest {
    @TempDir Path directory;
    Database database;

    /** What the test closes: the database, or (PostgreSQL) the database it also drops. */
    AutoCloseable closing;

    JdbcEndpointStore endpoints;

    @BeforeEach
    void open() {
        openDatabase();
        endpoints = new JdbcEndpointStore(database.jdbi());
        new JdbcRegistryStore(database.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC))
                .insertVersion(version("fraud", List.of()));
    }

    @AfterEach
    void close() throws Exception {
        closing.close();
    }

    /** An H2 database in the test's directory; the PostgreSQL variant overrides this. */
    void openDatabase() {
        database = new Database(Database.h2FileUrl(directory), "sa", "");
        closing = database;
    }

    private static Endpoint endpoint(String name, long generation, int copies) {
        return new Endpoint(
                name,
                ModelRef.parse("model", "fraud@champion"),
                new ModelVersionId("fraud", 1),
                copies,
                new Resources(0.5, 256L << 20),
                Duration.ofMillis(2500),
                generation,
                NOW,
                NOW.plusSeconds(generation));
    }

    @Test
    void insertsAndFindsAnEndpointWithEveryField() {
        endpoints.insert(endpoint("fraud", 1, 2));

        assertThat(endpoints.find("fraud")).contains(endpoint("fraud", 1, 2));
        assertThat(endpoints.find("other")).isEmpty();
    }

    @Test
    void refusesADuplicateNameAndKeepsTheFirst() {
        endpoints.insert(endpoint("fraud", 1, 2));

        assertFailsWith(ErrorCode.ENDPOINT_EXISTS, () -> endpoints.insert(endpoint("fraud", 1, 3)))
                .hasMessage("endpoint 'fraud' already exists");
        assertThat(endpoints.find("fraud").orElseThrow().copies()).isEqualTo(2);
    }

    @Test
    void concurrentInsertsOfOneNameLetExactlyOneWin() throws Exception {
        // The race window is a few microseconds wide: several rounds make a regression show.
        for (int round = 0; round < 20; round++) {
            String name = "race-" + round;

            var outcomes =
                    Concurrently.run(
                            4,
                            () -> {
                                endpoints.insert(endpoint(name, 1, 1));
                                return true;
                            });

            assertThat(outcomes).filteredOn(outcome -> outcome.failure() == null).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(outcome -> outcome.failure() != null)
                    .allSatisfy(
                            outcome ->
                                    assertThat(outcome.failure())
                                            .isInstanceOfSatisfying(
                                                    SlipwayException.class,
                                                    e ->
                                                            assertThat(e.code())
                                                                    .isEqualTo(
                                                                            ErrorCode
                                                                                    .ENDPOINT_EXISTS)));
        }
    }

    @Test
    void updatesOnlyFromTheCurrentGeneration() {
        endpoints.insert(endpoint("fraud", 1, 1));

        endpoints.update(endpoint("fraud", 2, 3), 1);

        assertThat(endpoints.find("fraud")).contains(endpoint("fraud", 2, 3));
        assertFailsWith(
                        ErrorCode.CONCURRENT_UPDATE,
                        () -> endpoints.update(endpoint("fraud", 2, 4), 1))
                .hasMessage(
                        "endpoint 'fraud' was changed or deleted concurrently; read it again and"
                                + " retry");
        assertThat(endpoints.find("fraud").orElseThrow().copies()).isEqualTo(3);
    }

    @Test
    void listsByNameAndDeletes() {
        endpoints.insert(endpoint("b", 1, 1));
        endpoints.insert(endpoint("a", 1, 1));

        assertThat(endpoints.list()).extracting(Endpoint::name).containsExactly("a", "b");
        assertThat(endpoints.delete("a")).isTrue();
        assertThat(endpoints.delete("a")).isFalse();
        assertFailsWith(
                ErrorCode.CONCURRENT_UPDATE, () -> endpoints.update(endpoint("a", 2, 1), 1));
        assertThat(endpoints.list()).extracting(Endpoint::name).containsExactly("b");
    }
}
