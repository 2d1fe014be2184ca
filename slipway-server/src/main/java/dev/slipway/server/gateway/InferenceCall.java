package dev.slipway.server.gateway;

import dev.slipway.core.node.CallerLoop;
import dev.slipway.core.node.LocalNode;
import dev.slipway.core.node.Served;
import dev.slipway.server.protocol.BinaryTensorData;
import dev.slipway.server.protocol.ResponseBody;
import dev.slipway.spi.PredictRequest;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.function.Function;

/**
 * The common tail of every inference call: submit to the node, encode the answer on the thread that
 * produced it (a worker, or the event loop itself for an inline call), then reply on the request's
 * event loop, recording metrics for answers and failures alike. Stateless apart from its
 * collaborators; thread-safe.
 */
final class InferenceCall {
    // Header names and common values pre-encoded as ASCII: Vert.x copies such a header into the
    // response in one block, where a String is validated and written byte by byte (about 3% of a
    // 1-row request's CPU when profiled), and looks such a name up with its hash already known.

    /** A caller's key that keeps it on one side of a rollout's traffic split. */
    static final CharSequence ROUTING_KEY = HttpHeaders.createOptimized("x-slipway-routing-key");

    private static final CharSequence VARIANT =
            HttpHeaders.createOptimized("x-amzn-invoked-production-variant");

    static final CharSequence BINARY_JSON_LENGTH =
            HttpHeaders.createOptimized(BinaryTensorData.HEADER);

    private static final Map<String, CharSequence> CONTENT_TYPES =
            Map.of(
                    "application/json",
                    HttpHeaders.createOptimized("application/json"),
                    "text/csv",
                    HttpHeaders.createOptimized("text/csv"),
                    BinaryTensorData.CONTENT_TYPE,
                    HttpHeaders.createOptimized(BinaryTensorData.CONTENT_TYPE));

    /** "v1", "v2", ...: the variant header's values for the first versions of an endpoint. */
    private static final CharSequence[] VARIANTS = new CharSequence[64];

    static {
        for (int version = 0; version < VARIANTS.length; version++) {
            VARIANTS[version] = HttpHeaders.createOptimized("v" + version);
        }
    }

    /**
     * One inference request in flight.
     *
     * @param context the event loop the request arrived on, where its answer is written
     * @param loopThread that event loop's thread
     * @param startedNanos when it arrived, for the latency metric
     */
    record Exchange(
            HttpServerRequest request,
            InferencePath path,
            Context context,
            Thread loopThread,
            long startedNanos) {}

    private record Answer(Served served, ResponseBody body) {}

    /** One per event-loop thread: the batches gathered there belong to that thread alone. */
    private static final ThreadLocal<CallerLoop> CALLER_LOOPS = new ThreadLocal<>();

    private final LocalNode node;
    private final GatewayMetrics metrics;

    InferenceCall(LocalNode node, GatewayMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
    }

    LocalNode node() {
        return node;
    }

    void run(
            Exchange exchange,
            Integer version,
            PredictRequest request,
            String contentType,
            Function<Served, byte[]> encoder) {
        run(
                exchange,
                version,
                request,
                served -> ResponseBody.of(encoder.apply(served), contentType));
    }

    /**
     * As above, with an encoder that also chooses the content type and may answer binary tensor
     * data, whose JSON length goes in {@link BinaryTensorData#HEADER}.
     */
    void run(
            Exchange exchange,
            Integer version,
            PredictRequest request,
            Function<Served, ResponseBody> encoder) {
        node.infer(
                        exchange.path().endpoint(),
                        version,
                        request,
                        exchange.request().getHeader(ROUTING_KEY),
                        callerLoop(exchange.context()))
                .whenComplete(
                        (served, failure) -> encodeAndReply(exchange, served, failure, encoder));
    }

    /**
     * Encodes the answer where it was made (a worker, or the request's loop), in the same step as
     * the reply: one future fewer per request than a {@code thenApply}.
     */
    private void encodeAndReply(
            Exchange exchange,
            Served served,
            Throwable failure,
            Function<Served, ResponseBody> encoder) {
        Answer answer = null;
        Throwable problem = failure;
        if (failure == null) {
            try {
                answer = new Answer(served, encoder.apply(served));
            } catch (RuntimeException e) {
                problem = e;
            }
        }
        // Answered on the request's own loop (an inline call, or a batch gathered there): reply
        // at once rather than through its task queue.
        if (Thread.currentThread() == exchange.loopThread()) {
            reply(exchange, answer, problem);
        } else {
            Answer encoded = answer;
            Throwable failed = problem;
            exchange.context().runOnContext(ignored -> reply(exchange, encoded, failed));
        }
    }

    private void reply(Exchange exchange, Answer answer, Throwable failure) {
        if (failure != null) {
            fail(exchange, failure);
        } else {
            answer(exchange, answer);
        }
    }

    /**
     * The {@link CallerLoop} of this event-loop thread, made on its first request; null off an
     * event loop, where a request takes the copy's queue.
     */
    private static CallerLoop callerLoop(Context context) {
        if (!Context.isOnEventLoopThread()) {
            return null;
        }
        CallerLoop loop = CALLER_LOOPS.get();
        if (loop == null) {
            // The context's tasks run on this thread after its current pass of I/O and tasks.
            loop = new CallerLoop(task -> context.runOnContext(ignored -> task.run()));
            CALLER_LOOPS.set(loop);
        }
        return loop;
    }

    private void answer(Exchange exchange, Answer answer) {
        record(exchange, false);
        ResponseBody body = answer.body();
        HttpServerResponse response = exchange.request().response();
        if (body.hasBinaryTensors()) {
            response.putHeader(BINARY_JSON_LENGTH, Integer.toString(body.jsonLength()));
        }
        response.putHeader(
                HttpHeaders.CONTENT_TYPE,
                CONTENT_TYPES.getOrDefault(body.contentType(), body.contentType()));
        if (exchange.path().api() == ErrorMapper.Surface.SAGEMAKER) {
            // SageMaker's runtime API names the serving variant in a header; an OIP answer
            // names its model version in the body.
            response.putHeader(VARIANT, variant(answer.served().version().version()));
        }
        response.end(Buffer.buffer(body.bytes()));
    }

    private static CharSequence variant(int version) {
        return version >= 0 && version < VARIANTS.length ? VARIANTS[version] : "v" + version;
    }

    /** Answers a failed call with its API's error body; on the request's event loop. */
    void fail(Exchange exchange, Throwable failure) {
        record(exchange, true);
        ErrorMapper.respond(
                exchange.request().response(),
                exchange.path().api(),
                ErrorMapper.resolve(failure, exchange.request()));
    }

    private void record(Exchange exchange, boolean failed) {
        metrics.record(
                exchange.path().endpoint(),
                exchange.path().protocol(),
                System.nanoTime() - exchange.startedNanos(),
                failed);
    }
}
