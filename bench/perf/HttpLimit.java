// Limit B of bench/perf.sh: the cost of HTTP alone on Slipway's stack. A bare Vert.x HTTP server
// (the same Vert.x, event-loop count and JVM as the Slipway server) that reads each POST body and
// answers with a fixed body chosen by path: no routing library, no JSON, no inference.
// Usage: java -cp 'slipway-dist/target/lib/*' bench/perf/HttpLimit.java PORT /path=BODY_FILE ...

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

public class HttpLimit {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, Buffer> bodies = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pathAndFile = args[i].split("=", 2);
            bodies.put(pathAndFile[0], Buffer.buffer(Files.readAllBytes(Path.of(pathAndFile[1]))));
        }
        // As SlipwayServer sizes its event loops.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                        // As SlipwayServer: no WebSocket extension handler in the pipeline.
                        .setPerMessageWebSocketCompressionSupported(false)
                        .setPerFrameWebSocketCompressionSupported(false))
                .requestHandler(request -> request.body().onSuccess(ignored -> {
                    Buffer body = bodies.get(request.path());
                    if (body == null) {
                        request.response().setStatusCode(404).end();
                    } else {
                        request.response().putHeader("content-type", "application/json").end(body);
                    }
                }))
                .listen()
                .await();
        System.out.println("listening on " + port);
    }
}
