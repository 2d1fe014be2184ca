package dev.slipway.server.gateway;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Arrays;

/**
 * Reads a request body into one array, refusing it as soon as it is known to pass the limit: from
 * {@code Content-Length} before a byte is read, otherwise (chunked) when the bytes so far pass it.
 * With a declared length the bytes are copied once, into an array of exactly that size. Used on the
 * event loop only; not thread-safe.
 */
final class BoundedBody {
    /** Where the body, or the reason there is none, goes. Exactly one method is called, once. */
    interface Receiver {
        void body(byte[] bytes);

        void failed(Throwable failure);
    }

    private static final int UNKNOWN_LENGTH_START = 1024;

    private final long limit;
    private final Receiver receiver;
    private byte[] bytes;
    private int length;
    private boolean done;

    private BoundedBody(long limit, int expected, Receiver receiver) {
        this.limit = limit;
        this.receiver = receiver;
        this.bytes = new byte[expected];
    }

    static void read(HttpServerRequest request, long limit, Receiver receiver) {
        long declared = declaredLength(request);
        if (declared > limit) {
            receiver.failed(tooLarge(limit));
            return;
        }
        // A client that asks first (curl does for large bodies) sends nothing until told to.
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
                && request.version() != HttpVersion.HTTP_1_0) {
            request.response().writeContinue();
        }
        BoundedBody body =
                new BoundedBody(
                        limit, declared >= 0 ? (int) declared : UNKNOWN_LENGTH_START, receiver);
        request.handler(body::chunk);
        request.endHandler(ignored -> body.end());
        request.exceptionHandler(body::fail);
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            // Netty refuses a malformed Content-Length before we see it; be safe anyway.
            return -1;
        }
    }

    private void chunk(Buffer chunk) {
        if (done) {
            return;
        }
        int size = chunk.length();
        if ((long) length + size > limit) {
            fail(tooLarge(limit));
            return;
        }
        if (length + size > bytes.length) {
            bytes =
                    Arrays.copyOf(
                            bytes,
                            (int) Math.min(limit, Math.max(2L * bytes.length, length + size)));
        }
        chunk.getBytes(0, size, bytes, length);
        length += size;
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        receiver.body(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        bytes = null;
        receiver.failed(failure);
    }

    static SlipwayException tooLarge(long limit) {
        return new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE, ErrorMapper.tooLarge(limit));
    }
}
