// Slipway spine benchmark: time from registration to the first successful infer for each example
// model, and the latency of one OIP v2 infer over loopback against raw in-process inference of the
// same request (the baseline, measured in the same run). Run with bench/spine.sh.

import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelArtifact;
import dev.slipway.spi.ModelRuntime;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Predictor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

public class SpineBench {
    record Example(String endpoint, String directory, String artifact, String format) {}

    static final List<Example> EXAMPLES = List.of(
            new Example("breast-cancer", "breast-cancer-xgboost", "model.json", "xgboost"),
            new Example("diabetes", "diabetes-xgboost-ubj", "model.ubj", "xgboost"),
            new Example("wine", "wine-mlp-onnx", "model.onnx", "onnx"));

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path examples = Path.of(args.length > 1 ? args[1] : "examples").toAbsolutePath();
        Path data = Files.createTempDirectory("slipway-bench");
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(data))) {
            String url = server.baseUrl();
            String token = server.adminToken();
            System.out.println("Registration to first successful infer (upload + register with golden validation"
                    + " + create endpoint + load/warm-up + first infer; 5 ms readiness polling):");
            for (Example example : EXAMPLES) {
                Path dir = examples.resolve(example.directory());
                long started = System.nanoTime();
                String sha = post(url + "/api/v1/artifacts", token, "application/octet-stream",
                        Files.readAllBytes(dir.resolve(example.artifact()))).replaceAll(".*\"sha256\":\"([0-9a-f]+)\".*", "$1");
                String registration = "{\"artifact\":{\"sha256\":\"" + sha + "\"},\"format\":\"" + example.format()
                        + "\",\"signature\":" + yamlToJson(dir.resolve("signature.yaml"))
                        + ",\"golden\":[" + String.join(",", Files.readAllLines(dir.resolve("golden.jsonl")).stream().filter(l -> !l.isBlank()).toList()) + "]}";
                post(url + "/api/v1/models/" + example.endpoint() + "/versions", token, "application/json", registration.getBytes());
                long registered = System.nanoTime();
                post(url + "/api/v1/endpoints", token, "application/json",
                        ("{\"name\":\"" + example.endpoint() + "\",\"model\":\"" + example.endpoint() + ":1\"}").getBytes());
                byte[] request = Files.readAllBytes(dir.resolve("request.json"));
                while (status(url + "/v2/models/" + example.endpoint() + "/infer", request) != 200) {
                    Thread.sleep(5);
                }
                long first = System.nanoTime();
                System.out.printf("  %-14s %-8s register %5.0f ms, register -> first infer %5.0f ms%n", example.endpoint(),
                        example.format(), (registered - started) / 1e6, (first - started) / 1e6);
            }
            System.out.println();
            System.out.println("Single-request latency, " + requests + " sequential requests after 1000 warm-up (median / p99, microseconds):");
            System.out.printf("  %-14s %22s %22s %8s%n", "endpoint", "raw predict (baseline)", "OIP infer over HTTP", "ratio");
            for (Example example : EXAMPLES) {
                Path dir = examples.resolve(example.directory());
                byte[] body = Files.readAllBytes(dir.resolve("request.json"));
                long[] raw = rawPredict(dir.resolve(example.artifact()), example.format(), dir, requests);
                long[] http = new long[requests];
                String target = url + "/v2/models/" + example.endpoint() + "/infer";
                for (int i = 0; i < 1000; i++) {
                    status(target, body);
                }
                for (int i = 0; i < requests; i++) {
                    long t = System.nanoTime();
                    if (status(target, body) != 200) throw new IllegalStateException("infer failed");
                    http[i] = System.nanoTime() - t;
                }
                System.out.printf("  %-14s %10.1f / %-9.1f %10.1f / %-9.1f %7.1fx%n", example.endpoint(),
                        pct(raw, 50), pct(raw, 99), pct(http, 50), pct(http, 99), pct(http, 50) / pct(raw, 50));
            }
        }
    }

    /** The same request's tensors straight into a predictor loaded in this process: no serving at all. */
    static long[] rawPredict(Path artifact, String format, Path dir, int requests) throws Exception {
        ModelRuntime runtime = ServiceLoader.load(ModelRuntime.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.format().equals(format)).findFirst().orElseThrow();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        var signature = dev.slipway.server.protocol.SignatureJson.fromJson(
                dev.slipway.server.protocol.Json.MAPPER.readTree(yamlToJson(dir.resolve("signature.yaml"))), "signature");
        try (Predictor predictor = runtime.load(new ModelArtifact(artifact, format, sha), LoadOptions.defaults().withSignature(signature))) {
            PredictRequest request = dev.slipway.server.protocol.InferRequestDecoder.decode(Files.readAllBytes(dir.resolve("request.json"))).predict();
            for (int i = 0; i < 1000; i++) predictor.predict(request);
            long[] times = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                predictor.predict(request);
                times[i] = System.nanoTime() - t;
            }
            return times;
        }
    }

    static double pct(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e3;
    }

    static String yamlToJson(Path yaml) throws Exception {
        return dev.slipway.server.protocol.Json.MAPPER.writeValueAsString(dev.slipway.server.protocol.Json.YAML.readTree(yaml.toFile()));
    }

    static String post(String url, String token, String type, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token)
                .header("content-type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }

    static int status(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
