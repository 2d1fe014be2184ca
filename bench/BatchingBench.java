// Dynamic batching benchmark: closed-loop callers (one HTTP/1.1 connection each) send 1-row OIP
// requests to an in-process server for a fixed time; batching off (maxBatchSize 1) and on (32 rows,
// 2 ms) are switched by PATCHing the endpoint between runs and interleaved (off on off on ...), so
// both see the same machine state. Prints req/s, p50, p99 per configuration and the on/off ratios.
// Run with bench/batching.sh. The load generator shares the machine's cores with the server.

import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

public class BatchingBench {
    record Example(String endpoint, String directory, String artifact, String format, int features) {}

    record Result(double perSecond, double p50, double p99, long errors) {}

    static final List<Example> EXAMPLES = List.of(
            new Example("wine", "wine-mlp-onnx", "model.onnx", "onnx", 13),
            new Example("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost", 30));
    static final int[] CONCURRENCY = {1, 16, 64};
    static final String OFF = "{\"batching\":{\"maxBatchSize\":1,\"maxDelay\":\"0ms\"}}";
    static final String ON = "{\"batching\":{\"maxBatchSize\":32,\"maxDelay\":\"2ms\"}}";

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path examples = Path.of(args[2]).toAbsolutePath();
        Path data = Files.createTempDirectory("slipway-bench");
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(data))) {
            String url = server.baseUrl();
            String token = server.adminToken();
            for (Example example : EXAMPLES) {
                deploy(url, token, examples.resolve(example.directory()), example);
            }
            System.out.printf("Dynamic batching, 1-row OIP requests, %d s per run after 1 s warm-up, %d interleaved rounds"
                    + " (median of rounds); endpoint: 1 copy, 2 cores; %d CPUs%n", seconds, rounds,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-14s %5s | %21s | %21s | %7s %7s%n", "endpoint", "conc", "off: req/s  p50  p99",
                    "on: req/s  p50  p99", "req/s", "p99");
            for (Example example : EXAMPLES) {
                byte[] body = oneRow(examples.resolve(example.directory()).resolve("request.json"), example.features());
                String target = url + "/v2/models/" + example.endpoint() + "/infer";
                for (int concurrency : CONCURRENCY) {
                    Map<String, List<Result>> results = new TreeMap<>();
                    for (int round = 0; round < rounds; round++) {
                        for (String mode : List.of("off", "on")) {
                            patch(url + "/api/v1/endpoints/" + example.endpoint(), token, mode.equals("on") ? ON : OFF);
                            results.computeIfAbsent(mode, key -> new ArrayList<>())
                                    .add(load(target, body, concurrency, seconds));
                        }
                    }
                    Result off = median(results.get("off"));
                    Result on = median(results.get("on"));
                    System.out.printf("%-14s %5d | %8.0f %5.2f %6.2f | %8.0f %5.2f %6.2f | %6.2fx %6.2fx%s%n",
                            example.endpoint(), concurrency, off.perSecond(), off.p50(), off.p99(), on.perSecond(),
                            on.p50(), on.p99(), on.perSecond() / off.perSecond(), on.p99() / off.p99(),
                            off.errors() + on.errors() > 0 ? "  errors: " + (off.errors() + on.errors()) : "");
                }
            }
            System.out.println("(p50/p99 in ms; ratios are on/off: req/s higher is better, p99 lower is better)");
        }
    }

    /** Closed loop: each caller sends its next request when the last one answered. */
    static Result load(String target, byte[] body, int concurrency, int seconds) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        long[] errors = new long[concurrency];
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                long[] mine = new long[300_000];
                int[] count = new int[1];
                latencies.add(mine);
                counts.add(count);
                int caller = c;
                callers.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(target)).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        long nanos = System.nanoTime() - started;
                        if (measuring.get()) {
                            if (status != 200) {
                                errors[caller]++;
                            } else if (count[0] < mine.length) {
                                mine[count[0]++] = nanos;
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            measuring.set(true);
            long started = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - started) / 1e9;
            stop.set(true);
            int total = counts.stream().mapToInt(count -> count[0]).sum();
            long[] all = new long[total];
            int position = 0;
            for (int c = 0; c < concurrency; c++) {
                System.arraycopy(latencies.get(c), 0, all, position, counts.get(c)[0]);
                position += counts.get(c)[0];
            }
            Arrays.sort(all);
            return new Result(total / elapsed, pct(all, 50), pct(all, 99), Arrays.stream(errors).sum());
        }
    }

    static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        Result middle = sorted.get(sorted.size() / 2);
        double[] p99s = results.stream().mapToDouble(Result::p99).sorted().toArray();
        double[] p50s = results.stream().mapToDouble(Result::p50).sorted().toArray();
        return new Result(middle.perSecond(), p50s[p50s.length / 2], p99s[p99s.length / 2],
                results.stream().mapToLong(Result::errors).sum());
    }

    static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** The example request cut to its first row. */
    static byte[] oneRow(Path request, int features) throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) dev.slipway.server.protocol.Json.MAPPER.readTree(request.toFile());
        var input = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("inputs").get(0);
        var data = dev.slipway.server.protocol.Json.MAPPER.createArrayNode();
        for (int i = 0; i < features; i++) data.add(input.get("data").get(i));
        input.set("data", data);
        input.set("shape", dev.slipway.server.protocol.Json.MAPPER.createArrayNode().add(1).add(features));
        return dev.slipway.server.protocol.Json.MAPPER.writeValueAsBytes(json);
    }

    static void deploy(String url, String token, Path dir, Example example) throws Exception {
        String sha = send(url + "/api/v1/artifacts", token, "POST", "application/octet-stream",
                Files.readAllBytes(dir.resolve(example.artifact()))).replaceAll(".*\"sha256\":\"([0-9a-f]+)\".*", "$1");
        String signature = dev.slipway.server.protocol.Json.MAPPER.writeValueAsString(
                dev.slipway.server.protocol.Json.YAML.readTree(dir.resolve("signature.yaml").toFile()));
        send(url + "/api/v1/models/" + example.endpoint() + "/versions", token, "POST", "application/json",
                ("{\"artifact\":{\"sha256\":\"" + sha + "\"},\"format\":\"" + example.format() + "\",\"signature\":" + signature + "}").getBytes());
        send(url + "/api/v1/endpoints", token, "POST", "application/json",
                ("{\"name\":\"" + example.endpoint() + "\",\"model\":\"" + example.endpoint()
                        + ":1\",\"resources\":{\"cores\":2},\"maxQueue\":1024}").getBytes());
        while (!send(url + "/api/v1/endpoints/" + example.endpoint(), token, "GET", "", new byte[0]).contains("\"state\":\"ready\"")) {
            Thread.sleep(20);
        }
    }

    static void patch(String url, String token, String body) throws Exception {
        send(url, token, "PATCH", "application/json", body.getBytes());
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
