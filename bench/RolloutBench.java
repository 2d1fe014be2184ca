// Rollout benchmark: wall-clock of an expedited rollout per example model, a gradual rollout's
// timeline from its event log, shadow analysis numbers for a retrained-but-equivalent and a
// deliberately different model, and the latency a shadow adds for callers (median and p99 over
// the same requests with the shadow off, then on). Run with bench/rollouts.sh.

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.server.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

public class RolloutBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String url;
    static String token;
    static Path examples;

    public static void main(String[] args) throws Exception {
        examples = Path.of(args.length > 0 ? args[0] : "examples").toAbsolutePath();
        int latencyRequests = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path data = Files.createTempDirectory("slipway-rollout-bench");
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(data))) {
            url = server.baseUrl();
            token = server.adminToken();
            String cancer = "breast-cancer-xgboost";
            deploy("breast-cancer", cancer, "model.json", "xgboost", "golden.jsonl");
            deploy("diabetes", "diabetes-xgboost-ubj", "model.ubj", "xgboost", "golden.jsonl");
            deploy("wine", "wine-mlp-onnx", "model.onnx", "onnx", "golden.jsonl");

            System.out.println("Expedited rollout, start -> completed (candidate load, golden validation on a loaded copy, switch):");
            expedited("breast-cancer", cancer + "/retrained/model.json", "xgboost", cancer + "/signature.yaml", cancer + "/retrained/golden.jsonl");
            expedited("diabetes", "diabetes-xgboost-ubj/model.ubj", "xgboost", "diabetes-xgboost-ubj/signature.yaml", "diabetes-xgboost-ubj/golden.jsonl");
            expedited("wine", "wine-mlp-onnx/model.onnx", "onnx", null, "wine-mlp-onnx/golden.jsonl");

            System.out.println();
            System.out.println("Gradual rollout of breast-cancer:3 (steps 10/50/100, bake 2s, minRequests 20), under a steady load:");
            register("breast-cancer", cancer + "/model.json", "xgboost", cancer + "/signature.yaml", cancer + "/golden.jsonl", "");
            AtomicBoolean loading = new AtomicBoolean(true);
            byte[] request = Files.readAllBytes(examples.resolve(cancer + "/request.json"));
            Thread load = Thread.ofPlatform().start(() -> {
                while (loading.get()) {
                    try { infer("breast-cancer", request); } catch (Exception e) { throw new RuntimeException(e); }
                }
            });
            long gradual = startRollout("breast-cancer", "{\"model\":\"breast-cancer:3\",\"strategy\":\"gradual\",\"steps\":[10,50,100],"
                    + "\"bake\":\"2s\",\"guardrails\":{\"maxErrorRate\":0.01,\"latencyP99Ratio\":3,\"minRequests\":20}}");
            JsonNode done = awaitEnd(gradual);
            loading.set(false);
            load.join();
            Instant started = Instant.parse(done.get("events").get(0).get("at").asText());
            for (JsonNode event : done.get("events")) {
                long ms = Duration.between(started, Instant.parse(event.get("at").asText())).toMillis();
                System.out.printf("  +%6d ms  %-26s %s%n", ms, event.get("type").asText(), event.get("message").asText());
            }
            System.out.println("  phase: " + done.get("phase").asText());

            System.out.println();
            System.out.println("Shadow analysis over the 300 shadow requests (mirror 100%, minPairs 300, maxKs 0.1, maxMeanAbsDiff 0.01):");
            List<byte[]> shadowRequests = new ArrayList<>();
            for (String line : Files.readAllLines(examples.resolve(cancer + "/shadow-requests.jsonl"))) {
                if (!line.isBlank()) shadowRequests.add(line.getBytes());
            }
            shadow("retrained-but-equivalent", cancer + "/retrained", shadowRequests);
            shadow("deliberately different", cancer + "/different", shadowRequests);

            System.out.println();
            System.out.println("Caller latency with a shadow on, wine endpoint, " + latencyRequests + " sequential requests each (microseconds):");
            byte[] wine = Files.readAllBytes(examples.resolve("wine-mlp-onnx/request.json"));
            for (int i = 0; i < 1000; i++) infer("wine", wine);
            long[] off = latencies("wine", wine, latencyRequests);
            register("wine", "wine-mlp-onnx/model.onnx", "onnx", null, "wine-mlp-onnx/golden.jsonl", "");
            long mirror = startRollout("wine", "{\"model\":\"wine:3\",\"strategy\":\"shadow\",\"mirrorPercent\":100,\"analysis\":{\"minPairs\":100000000}}");
            awaitPhase(mirror, "mirroring");
            for (int i = 0; i < 1000; i++) infer("wine", wine);
            long[] on = latencies("wine", wine, latencyRequests);
            System.out.printf("  shadow off: median %.1f  p99 %.1f%n", pct(off, 50), pct(off, 99));
            System.out.printf("  shadow on:  median %.1f  p99 %.1f%n", pct(on, 50), pct(on, 99));
            System.out.printf("  added:      median %+.1f  p99 %+.1f  (ratio on/off median %.2fx)%n",
                    pct(on, 50) - pct(off, 50), pct(on, 99) - pct(off, 99), pct(on, 50) / pct(off, 50));
            post("/api/v1/rollouts/" + mirror + "/abort", "application/json", new byte[0]);
        }
    }

    static void shadow(String label, String variantDir, List<byte[]> requests) throws Exception {
        String cancer = "breast-cancer-xgboost";
        int version = register("breast-cancer", variantDir + "/model.json", "xgboost", cancer + "/signature.yaml", variantDir + "/golden.jsonl", "");
        long id = startRollout("breast-cancer", "{\"model\":\"breast-cancer:" + version + "\",\"strategy\":\"shadow\",\"mirrorPercent\":100,"
                + "\"analysis\":{\"minPairs\":300,\"maxKsStatistic\":0.1,\"maxMeanAbsDiff\":0.01}}");
        awaitPhase(id, "mirroring");
        for (byte[] request : requests) infer("breast-cancer", request);
        JsonNode done = awaitEnd(id);
        JsonNode analysis = done.get("analysis");
        JsonNode output = analysis.get("outputs").get(0);
        System.out.printf("  %-26s %-9s pairs %d, KS %.4f (p %.3g), mean |diff| %.4f, max |diff| %.4f, PSI %.4f%n",
                label, done.get("phase").asText(), analysis.get("pairs").asLong(), output.get("ksStatistic").asDouble(),
                output.get("pValue").asDouble(), output.get("meanAbsDiff").asDouble(), output.get("maxAbsDiff").asDouble(),
                output.get("psi").asDouble());
        if (!done.get("reason").asText().isEmpty()) System.out.println("    reason: " + done.get("reason").asText());
    }

    static void expedited(String endpoint, String artifact, String format, String signature, String golden) throws Exception {
        int version = register(endpoint, artifact, format, signature, golden, "");
        long started = System.nanoTime();
        long id = startRollout(endpoint, "{\"model\":\"" + endpoint + ":" + version + "\",\"strategy\":\"expedited\"}");
        JsonNode done = awaitEnd(id);
        System.out.printf("  %-14s %s -> %s  %5.0f ms  (%s)%n", endpoint, done.get("from").asText(), done.get("to").asText(),
                (System.nanoTime() - started) / 1e6, done.get("phase").asText());
    }

    static void deploy(String endpoint, String dir, String artifact, String format, String golden) throws Exception {
        int version = register(endpoint, dir + "/" + artifact, format, format.equals("xgboost") ? dir + "/signature.yaml" : null, dir + "/" + golden, "");
        post("/api/v1/endpoints", "application/json", ("{\"name\":\"" + endpoint + "\",\"model\":\"" + endpoint + ":" + version + "\"}").getBytes());
        while (!get("/api/v1/endpoints/" + endpoint).at("/status/state").asText().equals("ready")) Thread.sleep(10);
    }

    static int register(String model, String artifact, String format, String signature, String golden, String extra) throws Exception {
        String sha = Json.MAPPER.readTree(post("/api/v1/artifacts", "application/octet-stream",
                Files.readAllBytes(examples.resolve(artifact)))).get("sha256").asText();
        String body = "{\"artifact\":{\"sha256\":\"" + sha + "\"},\"format\":\"" + format + "\""
                + (signature == null ? "" : ",\"signature\":" + Json.MAPPER.writeValueAsString(Json.YAML.readTree(examples.resolve(signature).toFile())))
                + ",\"golden\":[" + String.join(",", Files.readAllLines(examples.resolve(golden)).stream().filter(l -> !l.isBlank()).toList()) + "]" + extra + "}";
        return Json.MAPPER.readTree(post("/api/v1/models/" + model + "/versions", "application/json", body.getBytes())).get("version").asInt();
    }

    static long startRollout(String endpoint, String body) throws Exception {
        return Json.MAPPER.readTree(post("/api/v1/endpoints/" + endpoint + "/rollouts", "application/json", body.getBytes())).get("id").asLong();
    }

    static JsonNode awaitEnd(long id) throws Exception {
        while (true) {
            JsonNode rollout = get("/api/v1/rollouts/" + id);
            if (!rollout.get("active").asBoolean()) return rollout;
            Thread.sleep(10);
        }
    }

    static void awaitPhase(long id, String phase) throws Exception {
        while (!get("/api/v1/rollouts/" + id).get("phase").asText().equals(phase)) Thread.sleep(10);
    }

    static long[] latencies(String endpoint, byte[] body, int count) throws Exception {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            infer(endpoint, body);
            times[i] = System.nanoTime() - t;
        }
        return times;
    }

    static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e3;
    }

    static void infer(String endpoint, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v2/models/" + endpoint + "/infer"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(response.body());
    }

    static JsonNode get(String path) throws Exception {
        return Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static String post(String path, String type, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("authorization", "Bearer " + token)
                .header("content-type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }
}
