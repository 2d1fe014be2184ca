package dev.slipway.core.event;

import java.util.List;

/** The append-only log of state changes. Implementations are thread-safe. */
public interface EventLog {

    void append(String subject, String type, String message);

    /** The newest {@code limit} events of a subject (all subjects when null), oldest first. */
    List<Event> recent(String subject, int limit);
}
