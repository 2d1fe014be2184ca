package dev.slipway.server.persistence;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventLog;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The append-only event log in SQL. Thread-safe. */
public final class JdbcEventLog implements EventLog {
    private static final int MAX_MESSAGE = 4000;

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcEventLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void append(String subject, String type, String message) {
        String text = message == null ? "" : message;
        jdbi.useHandle(
                handle ->
                        handle.createUpdate(
                                        "INSERT INTO events (at, subject, type, message) VALUES (:at, :subject, :type, :message)")
                                .bind(
                                        "at",
                                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                                .bind("subject", subject)
                                .bind("type", type)
                                .bind(
                                        "message",
                                        text.length() > MAX_MESSAGE
                                                ? text.substring(0, MAX_MESSAGE)
                                                : text)
                                .execute());
    }

    @Override
    public List<Event> recent(String subject, int limit) {
        List<Event> events =
                new ArrayList<>(
                        jdbi.withHandle(
                                handle ->
                                        handle.createQuery(
                                                        "SELECT * FROM events"
                                                                + (subject == null
                                                                        ? ""
                                                                        : " WHERE subject = :subject")
                                                                + " ORDER BY id DESC LIMIT :limit")
                                                .bind("subject", subject)
                                                .bind("limit", limit)
                                                .map(
                                                        (rs, ctx) ->
                                                                new Event(
                                                                        rs.getLong("id"),
                                                                        rs.getObject(
                                                                                        "at",
                                                                                        OffsetDateTime
                                                                                                .class)
                                                                                .toInstant(),
                                                                        rs.getString("subject"),
                                                                        rs.getString("type"),
                                                                        rs.getString("message")))
                                                .list()));
        Collections.reverse(events);
        return events;
    }
}
