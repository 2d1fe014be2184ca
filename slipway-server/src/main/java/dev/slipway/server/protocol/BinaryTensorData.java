package dev.slipway.server.protocol;

import dev.slipway.core.error.SlipwayException;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The wire names of the binary tensor data extension (Triton's {@code binary_tensor_data}, which
 * the Open Inference Protocol refers to): a body is a JSON inference object followed by tensor
 * bytes, and a header gives the JSON's length. Stateless.
 */
public final class BinaryTensorData {
    /** The extension's name in {@code GET /v2}'s {@code extensions}. */
    public static final String EXTENSION = "binary_tensor_data";

    /** The request and response header holding the length in bytes of the JSON that starts it. */
    public static final String HEADER = "Inference-Header-Content-Length";

    /** The content type of a response that carries binary tensors. */
    public static final String CONTENT_TYPE = "application/octet-stream";

    /** Input and response-output parameter: the tensor's size in the binary section, in bytes. */
    static final String BINARY_DATA_SIZE = "binary_data_size";

    /** Requested-output parameter: answer this output as binary data. */
    static final String BINARY_DATA = "binary_data";

    /** Request parameter: answer every output as binary data unless it says otherwise. */
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    /**
     * SageMaker's Triton containers take the JSON length in the content type instead of the header:
     * {@code application/vnd.sagemaker-triton.binary+json;json-header-size=N}.
     */
    private static final String SAGEMAKER_MEDIA_TYPE =
            "application/vnd.sagemaker-triton.binary+json";

    private static final String SAGEMAKER_SIZE = "json-header-size=";

    private BinaryTensorData() {}

    /**
     * The length of the JSON that starts a body with binary tensors, or empty when the body is JSON
     * alone (no header and no SageMaker binary content type).
     *
     * @throws SlipwayException INVALID_INPUT when the length is not a non-negative integer or is
     *     more than the body holds
     */
    public static OptionalInt jsonLength(String header, String contentType, int bodyLength) {
        if (header != null) {
            return OptionalInt.of(checked(header, HEADER, bodyLength));
        }
        if (contentType != null
                && contentType.regionMatches(
                        true, 0, SAGEMAKER_MEDIA_TYPE, 0, SAGEMAKER_MEDIA_TYPE.length())) {
            return OptionalInt.of(sageMakerLength(contentType, bodyLength));
        }
        return OptionalInt.empty();
    }

    private static int sageMakerLength(String contentType, int bodyLength) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(SAGEMAKER_SIZE)) {
                return checked(
                        trimmed.substring(SAGEMAKER_SIZE.length()),
                        "content type parameter json-header-size",
                        bodyLength);
            }
        }
        throw SlipwayException.invalidInput(
                "content type "
                        + SAGEMAKER_MEDIA_TYPE
                        + " needs a json-header-size parameter (or send "
                        + HEADER
                        + ")");
    }

    private static int checked(String text, String field, int bodyLength) {
        long length;
        try {
            length = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw SlipwayException.invalidInput(
                    field + " must be a non-negative integer, got '" + text + "'");
        }
        if (length > bodyLength) {
            throw SlipwayException.invalidInput(
                    field + " is " + length + ", but the body has only " + bodyLength + " bytes");
        }
        return (int) length;
    }
}
