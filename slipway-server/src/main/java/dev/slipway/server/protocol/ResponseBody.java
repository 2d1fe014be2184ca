package dev.slipway.server.protocol;

import java.util.Objects;

/**
 * An encoded response body and its content type. A body with binary tensor data starts with {@code
 * jsonLength} bytes of JSON, which the response announces in {@link BinaryTensorData#HEADER}; any
 * other body has a {@code jsonLength} of -1.
 */
public record ResponseBody(byte[] bytes, String contentType, int jsonLength) {
    public ResponseBody {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        if (jsonLength < -1 || jsonLength > bytes.length) {
            throw new IllegalArgumentException(
                    "jsonLength " + jsonLength + " does not fit a body of " + bytes.length);
        }
    }

    public static ResponseBody of(byte[] bytes, String contentType) {
        return new ResponseBody(bytes, contentType, -1);
    }

    public static ResponseBody json(byte[] bytes) {
        return new ResponseBody(bytes, "application/json", -1);
    }

    /** JSON of {@code jsonLength} bytes, then binary tensor data. */
    public static ResponseBody withBinaryTensors(byte[] bytes, int jsonLength) {
        return new ResponseBody(bytes, BinaryTensorData.CONTENT_TYPE, jsonLength);
    }

    public boolean hasBinaryTensors() {
        return jsonLength >= 0;
    }
}
