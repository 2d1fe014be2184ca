package dev.slipway.server.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.async.AsyncInvocation;
import dev.slipway.core.async.AsyncInvocation.NotificationState;
import dev.slipway.core.async.AsyncStatus;
import dev.slipway.server.persistence.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The async queue in SQL: exclusive claims, leases, and transitions guarded by the claim token. */
class JdbcAsyncStoreTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir Path directory;
    Database database;

    /** What the test closes: the database, or (PostgreSQL) the database it also drops. */
    AutoCloseable closing;

    JdbcAsyncStore store;

    @BeforeEach
    void open() {
        openDatabase();
        store = new JdbcAsyncStore(database.jdbi());
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

    @Test
    void concurrentClaimsNeverTakeTheSameInvocation() throws Exception {
        for (int i = 0; i < 60; i++) {
            store.insert(invocation("scoring", NOW.plusMillis(i)));
        }
        // Each of 4 workers claims until the queue is drained. (H2 applies the row limit before
        // skipping locked rows, so a claim racing another may come back empty: never doubled.)
        List<CompletableFuture<List<AsyncInvocation>>> claims = new ArrayList<>();
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                claims.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    List<AsyncInvocation> mine = new ArrayList<>();
                                    for (int round = 0; round < 200; round++) {
                                        String token = UUID.randomUUID().toString();
                                        mine.addAll(
                                                store.claim(
                                                        "scoring", 5, NOW.plusSeconds(1), token));
                                        if (store.openByEndpoint().get("scoring") == null
                                                || store.list("scoring", AsyncStatus.QUEUED, 1)
                                                        .isEmpty()) {
                                            break;
                                        }
                                    }
                                    return mine;
                                },
                                workers));
            }
        }
        Set<String> claimed = new HashSet<>();
        int total = 0;
        for (var claim : claims) {
            for (AsyncInvocation invocation : claim.join()) {
                claimed.add(invocation.id());
                total++;
                assertThat(invocation.status()).isEqualTo(AsyncStatus.RUNNING);
                assertThat(invocation.attempts()).isEqualTo(1);
            }
        }
        assertThat(total).isEqualTo(claimed.size()).isEqualTo(60);
    }

    @Test
    void claimsTakeTheOldestDueInvocationsOfTheEndpointOnly() {
        AsyncInvocation first = invocation("scoring", NOW);
        AsyncInvocation second = invocation("scoring", NOW.plusSeconds(1));
        AsyncInvocation other = invocation("fraud", NOW);
        List.of(second, first, other).forEach(store::insert);

        List<AsyncInvocation> claimed = store.claim("scoring", 1, NOW.plusSeconds(2), "t1");

        assertThat(claimed).extracting(AsyncInvocation::id).containsExactly(first.id());
        assertThat(claimed.getFirst().leaseUntil())
                .isEqualTo(NOW.plusSeconds(2).plus(TIMEOUT).plus(JdbcAsyncStore.LEASE_GRACE));
        assertThat(store.openByEndpoint()).containsEntry("scoring", 2).containsEntry("fraud", 1);
    }

    @Test
    void aLapsedLeaseIsClaimedAgainAndTheFirstClaimCanNoLongerFinish() {
        AsyncInvocation invocation = invocation("scoring", NOW);
        store.insert(invocation);
        store.claim("scoring", 1, NOW, "first");

        assertThat(store.claim("scoring", 1, NOW.plusSeconds(5), "second")).isEmpty();
        Instant afterLease = NOW.plus(TIMEOUT).plus(JdbcAsyncStore.LEASE_GRACE).plusMillis(1);
        List<AsyncInvocation> again = store.claim("scoring", 1, afterLease, "second");

        assertThat(again).singleElement().satisfies(i -> assertThat(i.attempts()).isEqualTo(2));
        assertThat(
                        store.succeed(
                                invocation.id(),
                                "first",
                                "application/json",
                                afterLease,
                                NotificationState.NONE))
                .isFalse();
        assertThat(
                        store.succeed(
                                invocation.id(),
                                "second",
                                "application/json",
                                afterLease,
                                NotificationState.NONE))
                .isTrue();
        assertThat(store.find(invocation.id()).orElseThrow().status())
                .isEqualTo(AsyncStatus.SUCCEEDED);
    }

    @Test
    void aRetryWaitsForItsBackoffAndExpiryOnlyTakesQueuedInvocations() {
        AsyncInvocation retried = invocation("scoring", NOW);
        AsyncInvocation waiting = invocation("scoring", NOW.plusMillis(1));
        store.insert(retried);
        store.insert(waiting);
        store.claim("scoring", 1, NOW, "t");

        assertThat(store.retryLater(retried.id(), "t", "queue full", NOW.plusSeconds(30))).isTrue();
        assertThat(store.claim("scoring", 5, NOW.plusSeconds(1), "u"))
                .extracting(AsyncInvocation::id)
                .containsExactly(waiting.id());
        assertThat(store.find(retried.id()).orElseThrow().error()).isEqualTo("queue full");

        Instant late = NOW.plus(Duration.ofHours(2));
        assertThat(store.expired(late, 10))
                .extracting(AsyncInvocation::id)
                .containsExactly(retried.id());
        assertThat(store.expire(waiting.id(), "expired", late, NotificationState.NONE)).isFalse();
        assertThat(store.expire(retried.id(), "expired", late, NotificationState.NONE)).isTrue();
        assertThat(store.find(retried.id()).orElseThrow().status()).isEqualTo(AsyncStatus.EXPIRED);
    }

    @Test
    void pendingWebhooksComeDueAndTheirStateIsKept() {
        AsyncInvocation invocation = invocation("scoring", NOW);
        store.insert(invocation);
        store.claim("scoring", 1, NOW, "t");
        store.fail(
                invocation.id(),
                "t",
                "boom",
                NOW,
                new NotificationState(NotificationState.Delivery.PENDING, 0, NOW.plusSeconds(1)));

        assertThat(store.notificationsDue(NOW, 10)).isEmpty();
        assertThat(store.notificationsDue(NOW.plusSeconds(1), 10)).hasSize(1);
        store.updateNotification(
                invocation.id(), new NotificationState(NotificationState.Delivery.SENT, 2, null));

        AsyncInvocation stored = store.find(invocation.id()).orElseThrow();
        assertThat(stored.notification().delivery()).isEqualTo(NotificationState.Delivery.SENT);
        assertThat(stored.notification().attempts()).isEqualTo(2);
        assertThat(store.notificationsDue(NOW.plusSeconds(5), 10)).isEmpty();
        assertThat(store.list(null, AsyncStatus.FAILED, 10)).hasSize(1);
        assertThat(store.list("fraud", null, 10)).isEmpty();
    }

    private static AsyncInvocation invocation(String endpoint, Instant createdAt) {
        return AsyncInvocation.accepted(
                UUID.randomUUID().toString(),
                endpoint,
                AsyncInvocation.INLINE,
                "application/json",
                "",
                null,
                3,
                TIMEOUT,
                createdAt,
                Duration.ofHours(1));
    }
}
