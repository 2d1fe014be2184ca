// Performance harness behind bench/perf.sh: Slipway against the limits and peer servers, measured
// in one run. Every server runs in its own process pinned to the server CPUs; wrk runs pinned to
// the load CPUs, closed loop, for a fixed time. For each workload every system is warmed up, then
// the systems are interleaved (A B C A B C ...) for ROUNDS rounds and the medians reported with
// min-max. Server CPU time and RSS are read from /proc for the server's whole process tree.
//
// Systems: Slipway (OIP JSON, SageMaker CSV, OIP binary tensors); limit B, a bare Vert.x server
// answering the same bodies Slipway answers (bench/perf/HttpLimit.java); the FastAPI + uvicorn
// stack, single process and under gunicorn with several workers (bench/peers/python), calling
// xgboost and torch on the same artifacts over MLflow's scoring protocol; and limit A, the raw
// runtime call in-process (bench/perf/RawPredict.java).
//
// Usage (see bench/perf.sh): java -cp 'slipway-dist/target/lib/*' bench/perf/PerfBench.java ROOT
//   [--seconds N] [--rounds N] [--warmup N] [--server-cpus LIST] [--load-cpus LIST]
//   [--workers N] [--only WORKLOAD,...]

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class PerfBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String TOKEN = "perf-bench-token-0123456789";
    static final String SLIPWAY = "Slipway";
    static final String SLIPWAY_BINARY = "Slipway, OIP binary tensors";
    static final String LIMIT_B = "limit B: bare Vert.x HTTP, fixed body";
    static final String LIMIT_B_BINARY = LIMIT_B + " (binary bodies)";
    static final String UVICORN = "FastAPI + uvicorn, 1 process";

    record Settings(Path root, int seconds, int rounds, int warmup, String serverCpus, String loadCpus,
            int workers, Set<String> only) {}

    /** A server process (its whole process tree is measured) and its base URL. */
    record Server(String name, Process process, int port) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    /** What one system is sent in a workload. */
    record Target(String system, Server server, String path, Path body, String contentType, String header,
            String headerValue) {}

    record Workload(String id, String title, int connections, List<Target> targets) {}

    record Run(double perSecond, double p50ms, double p99ms, double cpuPer1000, double rssMiB, long errors) {}

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Path work = Files.createTempDirectory("slipway-perf");
        Path bodies = Files.createDirectories(work.resolve("bodies"));
        List<Server> servers = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(PerfBench::stop)));
        try {
            Rows rows = Rows.read(settings.root().resolve("examples"));
            Files.writeString(bodies.resolve("rows.json"), JSON.writeValueAsString(
                    Map.of("breast-cancer", List.of(rows.cancer()), "wine", rows.wine())));
            Bodies b = Bodies.write(settings, bodies, rows);

            System.out.println("Starting servers (pinned to CPUs " + settings.serverCpus() + ") ...");
            Server slipway = startSlipway(settings, work, servers);
            Server uvicornCancer = startPython(settings, "breast-cancer", 1, servers);
            Server uvicornWine = startPython(settings, "wine", 1, servers);
            String gunicorn = "FastAPI + gunicorn, " + settings.workers() + " uvicorn workers";
            Server gunicornCancer = startPython(settings, "breast-cancer", settings.workers(), servers);
            Server gunicornWine = startPython(settings, "wine", settings.workers(), servers);

            // Limit B answers each workload with the body Slipway answers it with.
            Map<String, Target> slipwayTargets = new LinkedHashMap<>();
            slipwayTargets.put("xgb-1", new Target(SLIPWAY, slipway, "/v2/models/breast-cancer/infer", b.oipCancer(),
                    "application/json", null, null));
            slipwayTargets.put("onnx-1", new Target(SLIPWAY, slipway, "/v2/models/wine/infer", b.oipWine1(),
                    "application/json", null, null));
            slipwayTargets.put("onnx-32", new Target(SLIPWAY, slipway, "/v2/models/wine/infer", b.oipWine32(),
                    "application/json", null, null));
            slipwayTargets.put("onnx-32-binary", new Target(SLIPWAY_BINARY, slipway, "/v2/models/wine/infer",
                    b.binaryWine32(), "application/octet-stream", "Inference-Header-Content-Length",
                    Integer.toString(b.binaryHeaderLength())));
            slipwayTargets.put("csv-1", new Target(SLIPWAY, slipway, "/endpoints/breast-cancer/invocations",
                    b.csvCancer(), "text/csv", null, null));
            List<String> limitArgs = new ArrayList<>();
            Map<String, byte[]> answers = new LinkedHashMap<>();
            for (var entry : List.copyOf(slipwayTargets.entrySet())) {
                byte[] answer;
                try {
                    answer = check(entry.getValue());
                } catch (IllegalStateException e) {
                    if (!entry.getKey().endsWith("binary")) {
                        throw e;
                    }
                    System.out.println("Skipping OIP binary tensors: " + e.getMessage());
                    slipwayTargets.remove(entry.getKey());
                    continue;
                }
                answers.put(entry.getKey(), answer);
                Path file = bodies.resolve("answer-" + entry.getKey());
                Files.write(file, answer);
                limitArgs.add("/" + entry.getKey() + "=" + file);
            }
            Server limit = startLimit(settings, limitArgs, servers);

            List<Workload> workloads = new ArrayList<>();
            for (int connections : new int[] {1, 16, 64}) {
                workloads.add(new Workload("xgb-1row-c" + connections,
                        "XGBoost (breast-cancer), 1 row per request, " + connections + " connection"
                                + (connections == 1 ? "" : "s"),
                        connections, List.of(
                                slipwayTargets.get("xgb-1"),
                                limitTarget(limit, "xgb-1", slipwayTargets),
                                mlflow(UVICORN, uvicornCancer, b.mlflowCancer()),
                                mlflow(gunicorn, gunicornCancer, b.mlflowCancer()))));
            }
            workloads.add(new Workload("onnx-1row-c16", "ONNX MLP (wine), 1 row per request, 16 connections", 16,
                    List.of(slipwayTargets.get("onnx-1"), limitTarget(limit, "onnx-1", slipwayTargets),
                            mlflow(UVICORN, uvicornWine, b.mlflowWine1()),
                            mlflow(gunicorn, gunicornWine, b.mlflowWine1()))));
            workloads.add(new Workload("onnx-32rows-c16", "ONNX MLP (wine), 32 rows per request, 16 connections", 16,
                    Stream.of(slipwayTargets.get("onnx-32"), slipwayTargets.get("onnx-32-binary"),
                            limitTarget(limit, "onnx-32", slipwayTargets),
                            slipwayTargets.containsKey("onnx-32-binary")
                                    ? limitTarget(limit, "onnx-32-binary", slipwayTargets) : null,
                            mlflow(UVICORN, uvicornWine, b.mlflowWine32()),
                            mlflow(gunicorn, gunicornWine, b.mlflowWine32())).filter(Objects::nonNull).toList()));
            workloads.add(new Workload("csv-1row-c16",
                    "XGBoost (breast-cancer), SageMaker-style CSV /invocations, 1 row, 16 connections", 16,
                    List.of(slipwayTargets.get("csv-1"), limitTarget(limit, "csv-1", slipwayTargets),
                            new Target(UVICORN, uvicornCancer, "/invocations", b.csvCancer(), "text/csv", null, null),
                            new Target(gunicorn, gunicornCancer, "/invocations", b.csvCancer(), "text/csv", null,
                                    null))));
            workloads.removeIf(w -> !settings.only().isEmpty() && !settings.only().contains(w.id()));

            // Every peer must answer with the numbers Slipway answers with before it is timed.
            for (Workload workload : workloads) {
                for (Target target : workload.targets()) {
                    if (target.system().startsWith("FastAPI")) {
                        samePredictions(workload, answers, check(target));
                    }
                }
            }

            System.out.println("Limit A: raw runtime calls in-process on one thread ...");
            Map<String, JsonNode> limitA = rawPredict(settings, bodies.resolve("rows.json"));

            // The JIT needs tens of seconds of load on one core: warm Slipway on all its targets first.
            System.out.println("Warming Slipway up ...");
            for (Target target : slipwayTargets.values()) {
                wrk(settings, target, 16, 2 * settings.warmup());
            }

            StringBuilder report = new StringBuilder();
            report.append(header(settings));
            for (Workload workload : workloads) {
                System.out.println("== " + workload.title());
                for (Target target : workload.targets()) {
                    wrk(settings, target, workload.connections(), settings.warmup());
                }
                Map<String, List<Run>> runs = new LinkedHashMap<>();
                for (int round = 0; round < settings.rounds(); round++) {
                    for (Target target : workload.targets()) {
                        Run run = measured(settings, target, workload.connections());
                        System.out.printf("  round %d  %-44s %9.0f req/s  p99 %7.2f ms%n", round + 1,
                                target.system(), run.perSecond(), run.p99ms());
                        runs.computeIfAbsent(target.system(), key -> new ArrayList<>()).add(run);
                    }
                }
                report.append(table(workload, runs, limitA));
            }
            report.append(String.format("%nServer RSS of Slipway includes both models and the control plane; each"
                    + " Python process serves one model (the two processes' RSS are reported per workload)."
                    + "%nRaw results and bodies: %s%n", work));
            System.out.println();
            System.out.println(report);
            Path out = Files.createDirectories(settings.root().resolve("bench/out"))
                    .resolve("perf-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            Files.writeString(out, report);
            System.out.println("Written to " + out);
        } finally {
            servers.forEach(PerfBench::stop);
        }
    }

    // ---- workloads and bodies ----

    /** The request rows: the first golden row of breast-cancer; the distinct wine golden rows. */
    record Rows(List<String> cancer, List<List<String>> wine) {
        static Rows read(Path examples) throws IOException {
            List<List<String>> cancer = goldenRows(examples.resolve("breast-cancer-xgboost/golden.jsonl"));
            List<List<String>> wine = new ArrayList<>(new LinkedHashSet<>(
                    goldenRows(examples.resolve("wine-mlp-onnx/golden.jsonl"))));
            List<List<String>> wine32 = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                wine32.add(wine.get(i % wine.size()));
            }
            return new Rows(cancer.get(0), wine32);
        }

        /** Rows of every golden request, values as written (their text is what clients send). */
        static List<List<String>> goldenRows(Path golden) throws IOException {
            List<List<String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(golden)) {
                JsonNode input = JSON.readTree(line).get("request").get("inputs").get(0);
                int count = input.get("shape").get(0).asInt();
                int width = input.get("shape").get(1).asInt();
                for (int r = 0; r < count; r++) {
                    List<String> row = new ArrayList<>();
                    for (int c = 0; c < width; c++) {
                        row.add(input.get("data").get(r * width + c).asText());
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    record Bodies(Path oipCancer, Path oipWine1, Path oipWine32, Path binaryWine32, int binaryHeaderLength,
            Path csvCancer, Path mlflowCancer, Path mlflowWine1, Path mlflowWine32) {
        static Bodies write(Settings settings, Path dir, Rows rows) throws Exception {
            List<List<String>> wine1 = rows.wine().subList(0, 1);
            Path wine32 = write(dir, "oip-wine-32.json", oip(rows.wine()));
            Path binary = dir.resolve("oip-wine-32.bin");
            return new Bodies(
                    write(dir, "oip-cancer-1.json", oip(List.of(rows.cancer()))),
                    write(dir, "oip-wine-1.json", oip(wine1)),
                    wine32,
                    binary,
                    binaryBody(settings, wine32, binary),
                    write(dir, "cancer-1.csv", (String.join(",", rows.cancer()) + "\n").getBytes(StandardCharsets.UTF_8)),
                    write(dir, "mlflow-cancer-1.json", mlflow(List.of(rows.cancer()))),
                    write(dir, "mlflow-wine-1.json", mlflow(wine1)),
                    write(dir, "mlflow-wine-32.json", mlflow(rows.wine())));
        }

        /** The same request as binary tensor data, laid out by the server's own writer. */
        static int binaryBody(Settings settings, Path json, Path binary) throws Exception {
            Process process = new ProcessBuilder(java(settings), "-cp",
                    settings.root().resolve("slipway-dist/target/lib") + "/*",
                    settings.root().resolve("bench/perf/BinaryBody.java").toString(), json.toString(),
                    binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("BinaryBody failed: " + output);
            }
            return Integer.parseInt(output);
        }

        static byte[] oip(List<List<String>> rows) {
            String data = rows.stream().map(row -> String.join(",", row)).collect(Collectors.joining(","));
            return ("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[" + rows.size() + ","
                    + rows.get(0).size() + "],\"data\":[" + data + "]}]}").getBytes(StandardCharsets.UTF_8);
        }

        /** MLflow's scoring protocol, pandas "split" orientation. */
        static byte[] mlflow(List<List<String>> rows) {
            String columns = java.util.stream.IntStream.range(0, rows.get(0).size()).mapToObj(i -> "\"f" + i + "\"")
                    .collect(Collectors.joining(","));
            String data = rows.stream().map(row -> "[" + String.join(",", row) + "]").collect(Collectors.joining(","));
            return ("{\"dataframe_split\":{\"columns\":[" + columns + "],\"data\":[" + data + "]}}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Path write(Path dir, String name, byte[] bytes) throws IOException {
            return Files.write(dir.resolve(name), bytes);
        }
    }

    static Target mlflow(String system, Server server, Path body) {
        return new Target(system, server, "/invocations", body, "application/json", null, null);
    }

    static Target limitTarget(Server limit, String key, Map<String, Target> slipway) {
        Target like = slipway.get(key);
        return new Target(like.system().equals(SLIPWAY_BINARY) ? LIMIT_B_BINARY : LIMIT_B, limit, "/" + key,
                like.body(), like.contentType(), like.header(), like.headerValue());
    }

    /** Sends the target's request once; it must succeed. Returns the response body. */
    static byte[] check(Target target) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.server().url(target.path())))
                .header("content-type", target.contentType())
                .POST(HttpRequest.BodyPublishers.ofFile(target.body()));
        if (target.header() != null) {
            request.header(target.header(), target.headerValue());
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.system() + " " + target.path() + " answered "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:[eE]-?\\d+)?");

    /** The peer's first predicted number must be Slipway's first output number (float32 precision). */
    static void samePredictions(Workload workload, Map<String, byte[]> answers, byte[] peer) {
        String key = workload.id().startsWith("xgb") ? "xgb-1" : workload.id().startsWith("csv") ? "csv-1"
                : workload.id().startsWith("onnx-1row") ? "onnx-1" : "onnx-32";
        double ours = firstNumber(new String(answers.get(key), StandardCharsets.UTF_8));
        double theirs = firstNumber(new String(peer, StandardCharsets.UTF_8));
        if (Math.abs(ours - theirs) > 1e-5 + 1e-4 * Math.abs(ours)) {
            throw new IllegalStateException(workload.id() + ": peer predicts " + theirs + ", Slipway " + ours);
        }
    }

    static double firstNumber(String text) {
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no prediction in " + text);
        }
        return Double.parseDouble(matcher.group());
    }

    // ---- servers ----

    static Server startSlipway(Settings settings, Path work, List<Server> servers) throws Exception {
        int port = freePort();
        Path data = Files.createDirectories(work.resolve("slipway-data"));
        // The JVM options bin/slipway gives the server.
        ProcessBuilder builder = pinned(settings.serverCpus(), java(settings), "--enable-native-access=ALL-UNNAMED",
                "-Xss4m", "-cp", settings.root().resolve("slipway-dist/target/lib") + "/*", "dev.slipway.dist.SlipwayMain",
                "server");
        builder.environment().putAll(Map.of("SLIPWAY_TOKEN", TOKEN, "SLIPWAY_PORT", Integer.toString(port),
                "SLIPWAY_DATA_DIR", data.toString(), "SLIPWAY_LOG_LEVEL", "WARN"));
        Server server = start("slipway", builder, port, work.resolve("slipway.log"), servers);
        awaitStatus(server.url("/v2/health/live"), 200, Duration.ofSeconds(60));
        for (String example : List.of("breast-cancer-xgboost", "wine-mlp-onnx")) {
            ProcessBuilder apply = new ProcessBuilder(settings.root().resolve("bin/slipway").toString(), "apply", "-f",
                    settings.root().resolve("examples").resolve(example).resolve("manifest.yaml").toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("apply-" + example + ".log").toFile());
            apply.environment().putAll(Map.of("SLIPWAY_URL", "http://127.0.0.1:" + port, "SLIPWAY_TOKEN", TOKEN));
            if (apply.start().waitFor() != 0) {
                throw new IllegalStateException("slipway apply failed: "
                        + Files.readString(work.resolve("apply-" + example + ".log")));
            }
        }
        awaitStatus(server.url("/v2/health/ready"), 200, Duration.ofSeconds(60));
        return server;
    }

    static Server startLimit(Settings settings, List<String> bodies, List<Server> servers) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java(settings), "-cp",
                settings.root().resolve("slipway-dist/target/lib") + "/*",
                settings.root().resolve("bench/perf/HttpLimit.java").toString(), Integer.toString(port)));
        command.addAll(bodies);
        Server server = start("limit-b", pinned(settings.serverCpus(), command.toArray(String[]::new)), port,
                Files.createTempFile("limit-b", ".log"), servers);
        awaitStatus(server.url("/nothing"), 404, Duration.ofSeconds(60));
        return server;
    }

    static Server startPython(Settings settings, String model, int workers, List<Server> servers) throws Exception {
        int port = freePort();
        Server server = start("python-" + model + "-" + workers, pinned(settings.serverCpus(),
                settings.root().resolve("bench/peers/python/start.sh").toString(), model, Integer.toString(port),
                Integer.toString(workers)), port, Files.createTempFile("python-" + model, ".log"), servers);
        awaitStatus(server.url("/ping"), 200, Duration.ofSeconds(120));
        return server;
    }

    static String java(Settings settings) {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** setsid makes the server its own process group, so that stopping it stops its children. */
    static ProcessBuilder pinned(String cpus, String... command) {
        List<String> full = new ArrayList<>(List.of("setsid", "taskset", "-c", cpus));
        full.addAll(List.of(command));
        return new ProcessBuilder(full);
    }

    static Server start(String name, ProcessBuilder builder, int port, Path log, List<Server> servers)
            throws IOException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Server server = new Server(name, process, port);
        servers.add(server);
        return server;
    }

    static void stop(Server server) {
        if (server.process().isAlive()) {
            try {
                new ProcessBuilder("kill", "-TERM", "--", "-" + server.process().pid()).start().waitFor();
                if (!server.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    new ProcessBuilder("kill", "-KILL", "--", "-" + server.process().pid()).start().waitFor();
                }
            } catch (IOException | InterruptedException e) {
                server.process().destroyForcibly();
            }
        }
    }

    static void awaitStatus(String url, int status, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer " + status + " within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- measuring ----

    static Map<String, JsonNode> rawPredict(Settings settings, Path rows) throws Exception {
        Process process = pinned(settings.serverCpus(), java(settings), "--enable-native-access=ALL-UNNAMED", "-cp",
                settings.root().resolve("slipway-dist/target/lib") + "/*",
                settings.root().resolve("bench/perf/RawPredict.java").toString(),
                settings.root().resolve("examples").toString(), Integer.toString(Math.max(3, settings.seconds())),
                rows.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("RawPredict failed: " + output);
        }
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = JSON.readTree(line);
                results.put(node.get("case").asText(), node);
            }
        }
        return results;
    }

    static Run measured(Settings settings, Target target, int connections) throws Exception {
        long cpuBefore = cpuTicks(target.server());
        JsonNode result = wrk(settings, target, connections, settings.seconds());
        long cpuAfter = cpuTicks(target.server());
        double requests = result.get("requests").asDouble();
        double seconds = result.get("duration_us").asDouble() / 1e6;
        double cpuSeconds = (cpuAfter - cpuBefore) / 100.0; // USER_HZ
        return new Run(requests / seconds, result.get("p50_us").asDouble() / 1000,
                result.get("p99_us").asDouble() / 1000, requests == 0 ? Double.NaN : cpuSeconds / requests * 1000,
                rssKiB(target.server()) / 1024.0,
                result.get("errors").asLong() + result.get("status_errors").asLong());
    }

    static JsonNode wrk(Settings settings, Target target, int connections, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", settings.loadCpus(), "wrk", "-t1",
                "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s",
                settings.root().resolve("bench/perf/post.lua").toString(), target.server().url(target.path()), "--",
                target.body().toString(), target.contentType()));
        if (target.header() != null) {
            command.add(target.header());
            command.add(target.headerValue());
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** utime + stime of the server's process tree, in clock ticks. */
    static long cpuTicks(Server server) {
        return tree(server).stream().mapToLong(pid -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                return 0;
            }
        }).sum();
    }

    static long rssKiB(Server server) {
        return tree(server).stream().mapToLong(pid -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                // exited
            }
            return 0;
        }).sum();
    }

    static List<Long> tree(Server server) {
        List<Long> pids = new ArrayList<>();
        pids.add(server.process().pid());
        server.process().descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    // ---- report ----

    static String header(Settings settings) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        return String.format("## Performance harness, %s%n%n"
                        + "Machine: %d CPUs (%s), %s, Linux %s, %s %s. Servers pinned to CPU %s, wrk (1 thread) to"
                        + " CPU %s; closed loop, keep-alive. Each system warmed up %d s per workload, then %d"
                        + " interleaved rounds of %d s; medians (min-max of req/s). CPU = server process tree's"
                        + " user+system seconds per 1,000 requests; RSS after the run.%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                Runtime.version(), settings.serverCpus(), settings.loadCpus(), settings.warmup(), settings.rounds(),
                settings.seconds());
    }

    static String table(Workload workload, Map<String, List<Run>> runs, Map<String, JsonNode> limitA) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(workload.title()).append("\n\n");
        out.append("| system | req/s (min-max) | p50 ms | p99 ms | CPU s/1k req | RSS MiB | errors |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        Map<String, Run> medians = new LinkedHashMap<>();
        for (var entry : runs.entrySet()) {
            List<Run> list = entry.getValue();
            Run median = new Run(median(list, Run::perSecond), median(list, Run::p50ms), median(list, Run::p99ms),
                    median(list, Run::cpuPer1000), median(list, Run::rssMiB),
                    list.stream().mapToLong(Run::errors).sum());
            medians.put(entry.getKey(), median);
            double min = list.stream().mapToDouble(Run::perSecond).min().orElse(0);
            double max = list.stream().mapToDouble(Run::perSecond).max().orElse(0);
            out.append(String.format("| %s | %,.0f (%,.0f-%,.0f) | %.2f | %.2f | %.3f | %.0f | %d |%n",
                    entry.getKey(), median.perSecond(), min, max, median.p50ms(), median.p99ms(),
                    median.cpuPer1000(), median.rssMiB(), median.errors()));
        }
        // XGBoost: Slipway's runtime (the trees in Java, ADR 11) and XGBoost4J's own predict.
        List<String> rawCases = workload.id().startsWith("onnx-32") ? List.of("onnx-32rows")
                : workload.id().startsWith("onnx") ? List.of("onnx-1row")
                : List.of("xgboost-trees-1row", "xgboost-1row");
        Map<String, JsonNode> raws = new LinkedHashMap<>();
        for (String rawCase : rawCases) {
            JsonNode raw = limitA.get(rawCase);
            if (raw != null) {
                raws.put(rawCase, raw);
                out.append(String.format("| limit A: raw %s call, 1 thread, no serving | %,.0f calls/s | %.4f | %.4f | | | |%n",
                        rawCase, raw.get("calls_per_s").asDouble(), raw.get("p50_us").asDouble() / 1000,
                        raw.get("p99_us").asDouble() / 1000));
            }
        }
        out.append("\nRatios (req/s; p99 in brackets, lower is better):");
        for (String ours : List.of(SLIPWAY, SLIPWAY_BINARY)) {
            Run slipway = medians.get(ours);
            if (slipway == null) {
                continue;
            }
            out.append("\n- ").append(ours).append(": ");
            List<String> ratios = new ArrayList<>();
            String ownLimit = ours.equals(SLIPWAY_BINARY) ? LIMIT_B_BINARY : LIMIT_B;
            for (var other : medians.entrySet()) {
                if (other.getKey().startsWith(SLIPWAY)
                        || other.getKey().startsWith(LIMIT_B) && !other.getKey().equals(ownLimit)) {
                    continue;
                }
                String ratio = String.format("%.2fx %s [p99 %.2fx]", slipway.perSecond() / other.getValue().perSecond(),
                        other.getKey(), slipway.p99ms() / other.getValue().p99ms());
                if (other.getKey().equals(ownLimit)) {
                    // Rounds interleave the systems: a round's pair saw the same phase of the host.
                    ratio += perRound(runs.get(ours), runs.get(ownLimit));
                }
                ratios.add(ratio);
            }
            for (var raw : raws.entrySet()) {
                ratios.add(String.format("%.2fx limit A (%s)", slipway.perSecond()
                        / raw.getValue().get("calls_per_s").asDouble(), raw.getKey()));
            }
            out.append(String.join("; ", ratios));
        }
        return out.append("\n\n").toString();
    }

    /** Slipway's req/s over the other system's, round by round: " (per round: median, min-max)". */
    static String perRound(List<Run> ours, List<Run> theirs) {
        double[] ratios = new double[Math.min(ours.size(), theirs.size())];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = ours.get(round).perSecond() / theirs.get(round).perSecond();
        }
        if (ratios.length == 0) {
            return "";
        }
        Arrays.sort(ratios);
        return String.format(" (per round: median %.2fx, %.2f-%.2f)", median(ratios), ratios[0],
                ratios[ratios.length - 1]);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        return median(runs.stream().mapToDouble(value).sorted().toArray());
    }

    static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static Settings parse(String[] args) {
        Path root = Path.of(args[0]).toAbsolutePath();
        int cpus = Runtime.getRuntime().availableProcessors();
        Map<String, String> options = new LinkedHashMap<>(Map.of("--seconds", "5", "--rounds", "5", "--warmup", "8",
                "--server-cpus", cpus > 1 ? Integer.toString(cpus - 1) : "0", "--load-cpus",
                cpus > 1 ? "0-" + (cpus - 2) : "0", "--workers", "2", "--only", ""));
        for (int i = 1; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]
                        + "; options: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        Set<String> only = options.get("--only").isEmpty() ? Set.of()
                : Set.copyOf(Arrays.asList(options.get("--only").split(",")));
        return new Settings(root, Integer.parseInt(options.get("--seconds")), Integer.parseInt(options.get("--rounds")),
                Integer.parseInt(options.get("--warmup")), options.get("--server-cpus"), options.get("--load-cpus"),
                Integer.parseInt(options.get("--workers")), only);
    }
}
