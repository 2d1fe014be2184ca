package dev.slipway.core.testing;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncInvocation.NotificationState.Delivery;
import dev.slipway.core.async.AsyncStatus;
import dev.slipway.core.async.AsyncStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The async queue in a map, with the SQL store's rules: a claim takes the endpoint's queued
 * invocations that are due and the running ones whose lease ran out, oldest first, and counts an
 * attempt; every later transition needs a running row and the claim's token, so a worker that lost
 * its claim changes nothing. Each transition that happened goes to the journal ({@code "succeed
 * <id>"}, {@code "retry <id>"} ...) so a test can see what happened and in which order; every claim
 * call is kept with what it returned. Thread-safe (methods are synchronized).
 */
public final class InMemoryAsyncStore implements AsyncStore {
    /** Lease beyond the invocation's timeout, as the SQL store grants it. */
    public static final Duration LEASE_GRACE = Duration.ofSeconds(5);

    private final Map<String, AsyncInvocation> rows = new LinkedHashMap<>();
    private final List<Claim> claims = new ArrayList<>();
    private final Consumer<String> journal;

    /** One call of {@link #claim} and the ids it claimed. */
    public record Claim(String endpoint, int limit, List<String> ids) {}

    public InMemoryAsyncStore(Consumer<String> journal) {
        this.journal = journal;
    }

    public InMemoryAsyncStore() {
        this(entry -> {});
    }

    /** Stores the row as given, so a test can also start from a running or retried invocation. */
    @Override
    public synchronized void insert(AsyncInvocation invocation) {
        if (rows.putIfAbsent(invocation.id(), invocation) != null) {
            throw new IllegalStateException("invocation " + invocation.id() + " exists");
        }
    }

    @Override
    public synchronized Optional<AsyncInvocation> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    /** The stored row; fails the test when there is none. */
    public synchronized AsyncInvocation get(String id) {
        return find(id).orElseThrow(() -> new AssertionError("no invocation " + id));
    }

    @Override
    public synchronized List<AsyncInvocation> list(String endpoint, AsyncStatus status, int limit) {
        return rows.values().stream()
                .filter(row -> endpoint == null || row.endpoint().equals(endpoint))
                .filter(row -> status == null || row.status() == status)
                .sorted(
                        Comparator.comparing(AsyncInvocation::createdAt)
                                .reversed()
                                .thenComparing(AsyncInvocation::id))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<AsyncInvocation> claim(
            String endpoint, int limit, Instant now, String token) {
        List<AsyncInvocation> due =
                rows.values().stream()
                        .filter(row -> row.endpoint().equals(endpoint))
                        .filter(row -> isDue(row, now))
                        .sorted(
                                Comparator.comparing(AsyncInvocation::createdAt)
                                        .thenComparing(AsyncInvocation::id))
                        .limit(limit)
                        .toList();
        List<AsyncInvocation> claimed = new ArrayList<>(due.size());
        for (AsyncInvocation row : due) {
            AsyncInvocation running =
                    new AsyncInvocation(
                            row.id(),
                            row.endpoint(),
                            AsyncStatus.RUNNING,
                            row.input(),
                            row.contentType(),
                            row.accept(),
                            row.inferenceId(),
                            row.attempts() + 1,
                            row.maxAttempts(),
                            row.timeout(),
                            row.createdAt(),
                            row.expiresAt(),
                            row.notBefore(),
                            token,
                            now.plus(row.timeout()).plus(LEASE_GRACE),
                            now,
                            row.completedAt(),
                            row.outputContentType(),
                            row.error(),
                            row.notification());
            rows.put(row.id(), running);
            journal.accept("claim " + row.id());
            claimed.add(running);
        }
        claims.add(new Claim(endpoint, limit, claimed.stream().map(AsyncInvocation::id).toList()));
        return claimed;
    }

    private static boolean isDue(AsyncInvocation row, Instant now) {
        return switch (row.status()) {
            case QUEUED -> !row.notBefore().isAfter(now) && !row.expiresAt().isBefore(now);
            case RUNNING -> row.leaseUntil() != null && row.leaseUntil().isBefore(now);
            case SUCCEEDED, FAILED, EXPIRED -> false;
        };
    }

    @Override
    public synchronized boolean succeed(
            String id,
            String token,
            String outputContentType,
            Instant now,
            NotificationState notification) {
        return finish(id, token, AsyncStatus.SUCCEEDED, outputContentType, null, now, notification);
    }

    @Override
    public synchronized boolean fail(
            String id, String token, String error, Instant now, NotificationState notification) {
        return finish(id, token, AsyncStatus.FAILED, null, error, now, notification);
    }

    private boolean finish(
            String id,
            String token,
            AsyncStatus status,
            String outputContentType,
            String error,
            Instant now,
            NotificationState notification) {
        AsyncInvocation row = rows.get(id);
        if (!holdsClaim(row, token)) {
            return false;
        }
        rows.put(
                id,
                new AsyncInvocation(
                        id,
                        row.endpoint(),
                        status,
                        row.input(),
                        row.contentType(),
                        row.accept(),
                        row.inferenceId(),
                        row.attempts(),
                        row.maxAttempts(),
                        row.timeout(),
                        row.createdAt(),
                        row.expiresAt(),
                        row.notBefore(),
                        null,
                        null,
                        row.startedAt(),
                        now,
                        outputContentType,
                        error,
                        new NotificationState(notification.delivery(), 0, notification.nextAt())));
        journal.accept((status == AsyncStatus.SUCCEEDED ? "succeed " : "fail ") + id);
        return true;
    }

    @Override
    public synchronized boolean retryLater(
            String id, String token, String error, Instant notBefore) {
        AsyncInvocation row = rows.get(id);
        if (!holdsClaim(row, token)) {
            return false;
        }
        rows.put(
                id,
                new AsyncInvocation(
                        id,
                        row.endpoint(),
                        AsyncStatus.QUEUED,
                        row.input(),
                        row.contentType(),
                        row.accept(),
                        row.inferenceId(),
                        row.attempts(),
                        row.maxAttempts(),
                        row.timeout(),
                        row.createdAt(),
                        row.expiresAt(),
                        notBefore,
                        null,
                        null,
                        row.startedAt(),
                        row.completedAt(),
                        row.outputContentType(),
                        error,
                        row.notification()));
        journal.accept("retry " + id);
        return true;
    }

    private static boolean holdsClaim(AsyncInvocation row, String token) {
        return row != null && row.status() == AsyncStatus.RUNNING && token.equals(row.claimToken());
    }

    @Override
    public synchronized List<AsyncInvocation> expired(Instant now, int limit) {
        return rows.values().stream()
                .filter(row -> row.status() == AsyncStatus.QUEUED)
                .filter(row -> row.expiresAt().isBefore(now))
                .sorted(Comparator.comparing(AsyncInvocation::expiresAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean expire(
            String id, String error, Instant now, NotificationState notification) {
        AsyncInvocation row = rows.get(id);
        if (row == null || row.status() != AsyncStatus.QUEUED) {
            return false;
        }
        rows.put(
                id,
                new AsyncInvocation(
                        id,
                        row.endpoint(),
                        AsyncStatus.EXPIRED,
                        row.input(),
                        row.contentType(),
                        row.accept(),
                        row.inferenceId(),
                        row.attempts(),
                        row.maxAttempts(),
                        row.timeout(),
                        row.createdAt(),
                        row.expiresAt(),
                        row.notBefore(),
                        row.claimToken(),
                        row.leaseUntil(),
                        row.startedAt(),
                        now,
                        row.outputContentType(),
                        error,
                        new NotificationState(
                                notification.delivery(),
                                row.notification().attempts(),
                                notification.nextAt())));
        journal.accept("expire " + id);
        return true;
    }

    @Override
    public synchronized Map<String, Integer> openByEndpoint() {
        Map<String, Integer> open = new HashMap<>();
        for (AsyncInvocation row : rows.values()) {
            if (!row.status().isFinal()) {
                open.merge(row.endpoint(), 1, Integer::sum);
            }
        }
        return open;
    }

    @Override
    public synchronized List<AsyncInvocation> notificationsDue(Instant now, int limit) {
        return rows.values().stream()
                .filter(row -> row.notification().delivery() == Delivery.PENDING)
                .filter(row -> !row.notification().nextAt().isAfter(now))
                .sorted(Comparator.comparing(row -> row.notification().nextAt()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void updateNotification(String id, NotificationState notification) {
        AsyncInvocation row = rows.get(id);
        if (row == null) {
            return;
        }
        rows.put(
                id,
                new AsyncInvocation(
                        id,
                        row.endpoint(),
                        row.status(),
                        row.input(),
                        row.contentType(),
                        row.accept(),
                        row.inferenceId(),
                        row.attempts(),
                        row.maxAttempts(),
                        row.timeout(),
                        row.createdAt(),
                        row.expiresAt(),
                        row.notBefore(),
                        row.claimToken(),
                        row.leaseUntil(),
                        row.startedAt(),
                        row.completedAt(),
                        row.outputContentType(),
                        row.error(),
                        notification));
    }

    /** Every claim call so far, in order, with the ids it claimed (possibly none). */
    public synchronized List<Claim> claims() {
        return List.copyOf(claims);
    }

    /** Whether any invocation of the endpoint is claimed now. */
    public synchronized boolean anyRunning(String endpoint) {
        return rows.values().stream()
                .anyMatch(
                        row ->
                                row.endpoint().equals(endpoint)
                                        && row.status() == AsyncStatus.RUNNING);
    }
}
