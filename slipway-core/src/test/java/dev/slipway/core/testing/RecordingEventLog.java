package dev.slipway.core.testing;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Keeps every appended event in memory, in order. Thread-safe (methods are synchronized). */
public final class RecordingEventLog implements EventLog {
    private final Clock clock;
    private final List<Event> events = new ArrayList<>();

    public RecordingEventLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void append(String subject, String type, String message) {
        events.add(new Event(events.size() + 1, clock.instant(), subject, type, message));
    }

    @Override
    public synchronized List<Event> recent(String subject, int limit) {
        List<Event> matching =
                events.stream()
                        .filter(event -> subject == null || event.subject().equals(subject))
                        .toList();
        return List.copyOf(matching.subList(Math.max(0, matching.size() - limit), matching.size()));
    }

    public synchronized List<Event> all() {
        return List.copyOf(events);
    }

    /** The types of all events so far, oldest first, e.g. {@code [endpoint.created]}. */
    public synchronized List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    public synchronized Event last() {
        return events.getLast();
    }
}
