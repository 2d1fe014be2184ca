package dev.slipway.server.rollout;

import dev.slipway.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load on loopback: a few callers sending the same request in a loop, counting what came
 * back by status and by answering version, until stopped.
 */
final class SteadyLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService callers;
    private final AtomicLong succeeded = new AtomicLong();
    private final Set<String> failures = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    SteadyLoad(TestServer server, String endpoint, String body, int callerCount) {
        callers = Executors.newFixedThreadPool(callerCount);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(server.url() + "/v2/models/" + endpoint + "/infer");
        for (int i = 0; i < callerCount; i++) {
            callers.submit(
                    () -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> response =
                                        http.send(
                                                HttpRequest.newBuilder(uri)
                                                        .timeout(Duration.ofSeconds(30))
                                                        .header("content-type", "application/json")
                                                        .POST(
                                                                HttpRequest.BodyPublishers.ofString(
                                                                        body))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 200) {
                                    succeeded.incrementAndGet();
                                    String version =
                                            response.body()
                                                    .replaceAll(
                                                            ".*\"model_version\":\"(\\d+)\".*",
                                                            "$1");
                                    versions.computeIfAbsent(version, key -> new AtomicLong())
                                            .incrementAndGet();
                                } else {
                                    failures.add(response.statusCode() + " " + response.body());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                        return null;
                    });
        }
    }

    long succeeded() {
        return succeeded.get();
    }

    Set<String> failures() {
        return failures;
    }

    Map<String, AtomicLong> versions() {
        return versions;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        callers.shutdown();
        callers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
