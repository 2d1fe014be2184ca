package dev.slipway.server.persistence;

import static dev.slipway.server.persistence.JdbcRegistryStoreTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.event.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only event log in SQL. */
class JdbcEventLogTest {
    @TempDir Path directory;
    Database database;
    JdbcEventLog events;

    @BeforeEach
    void open() {
        database = new Database(Database.h2FileUrl(directory), "sa", "");
        events = new JdbcEventLog(database.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void recentEventsAreTheLatestOnesOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            events.append(i % 2 == 0 ? "endpoint/a" : "model/m", "step", "event " + i);
        }

        List<Event> latest = events.recent(null, 3);
        List<Event> ofEndpoint = events.recent("endpoint/a", 10);

        assertThat(latest)
                .extracting(Event::message)
                .containsExactly("event 3", "event 4", "event 5");
        assertThat(ofEndpoint).extracting(Event::message).containsExactly("event 2", "event 4");
        assertThat(latest.getFirst().at()).isEqualTo(NOW);
        assertThat(latest.getFirst().subject()).isEqualTo("model/m");
        assertThat(latest.getFirst().type()).isEqualTo("step");
        assertThat(latest).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(events.recent("nobody", 10)).isEmpty();
    }

    @Test
    void keepsMessagesShortAndNeverNull() {
        events.append("model/m", "long", "x".repeat(10_000));
        events.append("model/m", "none", null);

        Map<String, String> messages =
                events.recent("model/m", 10).stream()
                        .collect(Collectors.toMap(Event::type, Event::message));

        assertThat(messages.get("long")).hasSize(4000);
        assertThat(messages.get("none")).isEmpty();
    }
}
