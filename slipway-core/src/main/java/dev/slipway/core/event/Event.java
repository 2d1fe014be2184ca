package dev.slipway.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the append-only audit log: something changed about a subject.
 *
 * @param subject e.g. {@code model/fraud}, {@code endpoint/fraud}
 * @param type e.g. {@code version.registered}, {@code endpoint.ready}
 */
public record Event(long id, Instant at, String subject, String type, String message) {
    public Event {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
    }
}
