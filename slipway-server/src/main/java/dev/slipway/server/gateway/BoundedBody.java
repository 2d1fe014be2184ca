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
 * A body with a declared length up to {@link #PREALLOCATE_AT_MOST} bytes is copied once, into an
 * array of exactly that size; a larger one grows as its bytes arrive, so that a client cannot make
 * the server hold the whole limit per connection by declaring it and sending nothing. Used on the
 * event loop only; not thread-safe.
 */
final class BoundedBody {
    /** Where the body, or the reason there is none, goes. Exactly one method is called, once. */
    interface Receiver {
        void body(byte[] bytes);

        void failed(Throwable failure);
    }

    private static final int UNKNOWN_LENGTH_START = 1024;
    static final int PREALLOCATE_AT_MOST = 64 * 1024;

    private final long limit;

    /** The most bytes this body can have: its declared length, else the limit. */
    private final long ceiling;

    private final Receiver receiver;
    private byte[] bytes;
    private int length;
    private boolean done;

    private BoundedBody(long limit, long ceiling, int expected, Receiver receiver) {
        this.limit = limit;
        this.ceiling = ceiling;
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
                        limit,
                        declared >= 0 ? declared : limit,
                        declared >= 0
                                ? (int) Math.min(declared, PREALLOCATE_AT_MOST)
                                : UNKNOWN_LENGTH_START,
                        receiver);
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
            long needed = (long) length + size;
            long grown = Math.max(needed, Math.min(ceiling, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, (int) grown);
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
