// Async invocation benchmark: 16 callers submit N one-row CSV invocations to
// /endpoints/{e}/async-invocations of an in-process server (each 202 means committed to the
// database queue); the run ends when none is queued or running. Reports accepted/s, completed
// invocations/s end to end, and real-time /invocations req/s of the same payload at the same
// concurrency (the baseline, same run). Run with bench/async.sh.

import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

public class AsyncBench {
    static final int CALLERS = 16;

    public static void main(String[] args) throws Exception {
        int invocations = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]).toAbsolutePath().resolve("breast-cancer-xgboost");
        Path data = Files.createTempDirectory("slipway-bench");
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(data))) {
            String url = server.baseUrl();
            String token = server.adminToken();
            String sha = send(url + "/api/v1/artifacts", token, "POST", "application/octet-stream",
                    Files.readAllBytes(dir.resolve("model.json"))).replaceAll(".*\"sha256\":\"([0-9a-f]+)\".*", "$1");
            String signature = dev.slipway.server.protocol.Json.MAPPER.writeValueAsString(
                    dev.slipway.server.protocol.Json.YAML.readTree(dir.resolve("signature.yaml").toFile()));
            send(url + "/api/v1/models/cancer/versions", token, "POST", "application/json",
                    ("{\"artifact\":{\"sha256\":\"" + sha + "\"},\"format\":\"xgboost\",\"signature\":" + signature + "}").getBytes());
            send(url + "/api/v1/endpoints", token, "POST", "application/json",
                    ("{\"name\":\"cancer\",\"model\":\"cancer:1\",\"resources\":{\"cores\":2},"
                            + "\"async\":{\"maxConcurrentPerCopy\":16}}").getBytes());
            while (!send(url + "/api/v1/endpoints/cancer", token, "GET", "", new byte[0]).contains("\"state\":\"ready\"")) {
                Thread.sleep(20);
            }
            byte[] row = Files.readAllLines(dir.resolve("rows.csv")).get(0).concat("\n").getBytes();

            realTime(url + "/endpoints/cancer/invocations", row, 2000); // warm-up (JIT, connections)
            double realTime = realTime(url + "/endpoints/cancer/invocations", row, invocations);

            long started = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CALLERS; c++) {
                    callers.submit(() -> {
                        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/endpoints/cancer/async-invocations"))
                                .header("content-type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(row)).build();
                        while (next.getAndIncrement() < invocations) {
                            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            double accepted = (System.nanoTime() - started) / 1e9;
            while (open(url, token, "queued") || open(url, token, "running")) {
                Thread.sleep(20);
            }
            double done = (System.nanoTime() - started) / 1e9;
            String failed = send(url + "/api/v1/async?status=failed&limit=1", token, "GET", "", new byte[0]);
            System.out.printf("Async invocations, %d one-row CSV payloads, %d submitting callers, XGBoost breast-cancer"
                    + " (1 copy, 2 cores, 16 in flight per copy), %d CPUs, H2 file database:%n",
                    invocations, CALLERS, Runtime.getRuntime().availableProcessors());
            System.out.printf("  accepted (202, committed):  %8.0f /s  (%.2f s for all%s)%n", invocations / accepted, accepted,
                    refused.get() > 0 ? ", " + refused.get() + " refused" : "");
            System.out.printf("  completed end to end:       %8.0f /s  (%.2f s from first submit to last result)%n",
                    invocations / done, done);
            System.out.printf("  real-time /invocations:     %8.0f req/s (same payload, %d callers; baseline)%n", realTime, CALLERS);
            System.out.printf("  ratio async/real-time:      %8.2fx%s%n", invocations / done / realTime,
                    failed.contains("\"id\"") ? "  (some invocations FAILED)" : "");
        }
    }

    static boolean open(String url, String token, String status) throws Exception {
        return send(url + "/api/v1/async?endpoint=cancer&status=" + status + "&limit=1", token, "GET", "", new byte[0])
                .contains("\"id\"");
    }

    static double realTime(String target, byte[] row, int requests) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CALLERS; c++) {
                callers.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(target)).header("content-type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(row)).build();
                    while (next.getAndIncrement() < requests) {
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                    }
                    return null;
                });
            }
        }
        return requests / ((System.nanoTime() - started) / 1e9);
    }

    static final HttpClient CONTROL = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String send(String url, String token, String method, String type, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token);
        if (!type.isEmpty()) request.header("content-type", type);
        request.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = CONTROL.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }
}
