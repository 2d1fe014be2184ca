package dev.slipway.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.rollout.RolloutSpec;
import dev.slipway.server.persistence.Database;
import dev.slipway.server.persistence.JdbcEventLog;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollout store's writes and the event log's commit together inside {@code atomically}. */
class JdbcRolloutStoreTest {
    @TempDir Path directory;
    Database database;
    JdbcRolloutStore store;
    JdbcEventLog events;

    @BeforeEach
    void open() {
        database = new Database(Database.h2FileUrl(directory), "sa", "");
        store = new JdbcRolloutStore(database.jdbi());
        events = new JdbcEventLog(database.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void storeAndEventWritesCommitTogether() {
        store.atomically(
                () -> {
                    store.setDefaultSpec("scoring", RolloutSpec.Expedited.DEFAULT);
                    events.append("endpoint/scoring", "endpoint.rollout-defaults", "expedited");
                    return null;
                });

        assertThat(store.defaultSpec("scoring")).isPresent();
        assertThat(events.recent("endpoint/scoring", 10)).hasSize(1);
    }

    @Test
    void aFailureAfterBothWritesLeavesNeither() {
        assertThatThrownBy(
                        () ->
                                store.atomically(
                                        () -> {
                                            store.setDefaultSpec(
                                                    "scoring", RolloutSpec.Expedited.DEFAULT);
                                            events.append(
                                                    "endpoint/scoring",
                                                    "endpoint.rollout-defaults",
                                                    "expedited");
                                            throw new IllegalStateException("died here");
                                        }))
                .hasMessage("died here");

        assertThat(store.defaultSpec("scoring")).isEmpty();
        assertThat(events.recent("endpoint/scoring", 10)).isEmpty();
    }
}
