// Slipway batch job benchmark: rows per second of a batch job over a deterministic CSV of
// breast-cancer features, through a real in-process server and its HTTP API, against raw
// XGBoost4J prediction of the same rows in the same JVM (the baseline, measured in the same run).
// Run with bench/batch-job.sh.

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.SlipwayServer;
import dev.slipway.server.config.ServerConfig;
import dev.slipway.server.protocol.Json;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

public class BatchJobBench {
    static final int FEATURES = 30;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        int parallelism = Integer.parseInt(args[1]);
        int miniBatch = Integer.parseInt(args[2]);
        Path example = Path.of(args[3]).toAbsolutePath().resolve("breast-cancer-xgboost");
        Path data = Files.createTempDirectory("slipway-batch-bench");
        Path input = Files.createDirectories(data.resolve("files")).resolve("rows.csv");

        long generating = System.nanoTime();
        float[] features = generate(example, rows, input);
        System.out.printf("Input: %,d rows x %d features, %,d bytes of CSV (generated in %.1f s, seed 42)%n",
                rows, FEATURES, Files.size(input), (System.nanoTime() - generating) / 1e9);

        double jobRate;
        double jobOwnRate;
        try (SlipwayServer server = SlipwayServer.start(ServerConfig.defaults().withPort(0).withDataDir(data))) {
            String url = server.baseUrl();
            String token = server.adminToken();
            register(url, token, example);
            long started = System.nanoTime();
            JsonNode created = Json.MAPPER.readTree(post(url + "/api/v1/jobs/batch", token,
                    "{\"target\":\"breast-cancer:1\",\"input\":\"rows.csv\",\"output\":\"scores.csv\",\"idColumn\":\"id\","
                            + "\"parallelism\":" + parallelism + ",\"miniBatch\":" + miniBatch + "}"));
            JsonNode job = created;
            while (!List.of("succeeded", "failed", "cancelled").contains(job.get("state").asText())) {
                Thread.sleep(20);
                job = Json.MAPPER.readTree(get(url + "/api/v1/jobs/" + created.get("id").asLong(), token));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!job.get("state").asText().equals("succeeded")) {
                throw new IllegalStateException("the job did not succeed: " + job);
            }
            jobRate = rows / seconds;
            jobOwnRate = job.get("rowsPerSecond").asDouble();
            System.out.printf("Batch job: %d workers, mini-batch %d, %d shards: %.2f s from POST to succeeded"
                            + " (plan + parse + predict + write + assemble) = %,.0f rows/s (job's own figure %,.0f rows/s)%n",
                    parallelism, miniBatch, job.get("shardsTotal").asInt(), seconds, jobRate, jobOwnRate);
            checkOutput(Path.of(job.get("output").asText()), rows);
            Map<String, java.time.Instant> at = new HashMap<>();
            job.get("events").forEach(event -> at.put(event.get("type").asText(), java.time.Instant.parse(event.get("at").asText())));
            System.out.printf("  of which: planning (one pass over the input to cut shards) %.2f s, running the shards and assembling %.2f s%n",
                    java.time.Duration.between(java.time.Instant.parse(job.get("startedAt").asText()), at.get("job.planned")).toMillis() / 1e3,
                    java.time.Duration.between(at.get("job.planned"), java.time.Instant.parse(job.get("finishedAt").asText())).toMillis() / 1e3);
        }

        Path model = example.resolve("model.json");
        double raw1 = rawPredict(model, features, rows, miniBatch, 1);
        double rawN = rawPredict(model, features, rows, miniBatch, parallelism);
        double rawParse = rawParseAndPredict(model, input, rows, miniBatch);
        System.out.printf("Raw XGBoost4J Booster.predict, same rows, batches of %d, floats already in memory:%n", miniBatch);
        System.out.printf("  1 thread:   %,12.0f rows/s%n", raw1);
        System.out.printf("  %d threads:  %,12.0f rows/s (one booster per thread)%n", parallelism, rawN);
        System.out.printf("Raw parse (Double.parseDouble per cell) + predict, 1 thread: %,.0f rows/s%n", rawParse);
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        System.out.printf("Ratio batch job / raw predict: %.2f (1 thread), %.2f (%d threads); batch job / raw parse+predict (1 thread): %.2f%n",
                jobRate / raw1, jobRate / rawN, parallelism, jobRate / rawParse);
    }

    /** Row i is shadow row i % 300, every value scaled by a seeded factor in [0.95, 1.05). */
    static float[] generate(Path example, int rows, Path csv) throws Exception {
        List<double[]> base = new ArrayList<>();
        for (String line : Files.readAllLines(example.resolve("shadow-requests.jsonl"))) {
            JsonNode values = Json.MAPPER.readTree(line).at("/inputs/0/data");
            double[] row = new double[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                row[f] = values.get(f).asDouble();
            }
            base.add(row);
        }
        SplittableRandom random = new SplittableRandom(42);
        float[] features = new float[rows * FEATURES];
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("id");
            for (int f = 0; f < FEATURES; f++) {
                out.write(",f" + f);
            }
            out.write('\n');
            StringBuilder line = new StringBuilder(512);
            for (int i = 0; i < rows; i++) {
                double[] row = base.get(i % base.size());
                line.setLength(0);
                line.append('r').append(i);
                for (int f = 0; f < FEATURES; f++) {
                    float value = (float) (row[f] * (0.95 + 0.1 * random.nextDouble()));
                    features[i * FEATURES + f] = value;
                    line.append(',').append(value);
                }
                out.write(line.append('\n').toString());
            }
        }
        return features;
    }

    static void register(String url, String token, Path example) throws Exception {
        String sha = Json.MAPPER.readTree(post(url + "/api/v1/artifacts", token, "application/octet-stream",
                Files.readAllBytes(example.resolve("model.json")))).get("sha256").asText();
        String signature = Json.MAPPER.writeValueAsString(Json.YAML.readTree(example.resolve("signature.yaml").toFile()));
        String golden = String.join(",", Files.readAllLines(example.resolve("golden.jsonl")).stream().filter(l -> !l.isBlank()).toList());
        post(url + "/api/v1/models/breast-cancer/versions", token, "application/json",
                "{\"artifact\":{\"sha256\":\"" + sha + "\"},\"format\":\"xgboost\",\"signature\":" + signature
                        + ",\"golden\":[" + golden + "]}");
    }

    /** Every id once, in order. */
    static void checkOutput(Path output, int rows) throws Exception {
        try (var lines = Files.lines(output)) {
            long[] count = {0};
            lines.skip(1).forEach(line -> {
                if (!line.startsWith("r" + count[0] + ",")) {
                    throw new IllegalStateException("line " + (count[0] + 2) + " is " + line);
                }
                count[0]++;
            });
            if (count[0] != rows) {
                throw new IllegalStateException(count[0] + " output rows, expected " + rows);
            }
        }
    }

    /** Rows per second of Booster.predict over the rows in batches, on {@code threads} threads. */
    static double rawPredict(Path model, float[] features, int rows, int batch, int threads) throws Exception {
        List<Booster> boosters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Booster booster = XGBoost.loadModel(model.toString());
            booster.setParam("nthread", 1);
            boosters.add(booster);
            predictRange(booster, features, 0, Math.min(rows, 20 * batch), batch); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> parts = new ArrayList<>();
        int per = (rows + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            Booster booster = boosters.get(t);
            int from = t * per;
            int to = Math.min(rows, from + per);
            parts.add(pool.submit(() -> { predictRange(booster, features, from, to, batch); return null; }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        boosters.forEach(Booster::dispose);
        return rows / seconds;
    }

    static void predictRange(Booster booster, float[] features, int from, int to, int batch) throws Exception {
        for (int start = from; start < to; start += batch) {
            int count = Math.min(batch, to - start);
            float[] slice = new float[count * FEATURES];
            System.arraycopy(features, start * FEATURES, slice, 0, slice.length);
            DMatrix matrix = new DMatrix(slice, count, FEATURES, Float.NaN);
            try {
                booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
        }
    }

    /** Rows per second of reading the CSV (split, parseDouble) and predicting it, on one thread. */
    static double rawParseAndPredict(Path model, Path csv, int rows, int batch) throws Exception {
        Booster booster = XGBoost.loadModel(model.toString());
        booster.setParam("nthread", 1);
        long started = System.nanoTime();
        try (var reader = Files.newBufferedReader(csv)) {
            reader.readLine();
            float[] slice = new float[batch * FEATURES];
            int count = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                for (int f = 0; f < FEATURES; f++) {
                    slice[count * FEATURES + f] = (float) Double.parseDouble(cells[f + 1]);
                }
                if (++count == batch) {
                    predictRange(booster, slice, 0, count, batch);
                    count = 0;
                }
            }
            if (count > 0) {
                predictRange(booster, slice, 0, count, batch);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        booster.dispose();
        return rows / seconds;
    }

    static String post(String url, String token, String body) throws Exception {
        return post(url, token, "application/json", body.getBytes());
    }

    static String post(String url, String token, String type, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token)
                .header("content-type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }

    static String post(String url, String token, String type, String body) throws Exception {
        return post(url, token, type, body.getBytes());
    }

    static String get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
