package dev.slipway.runtime.xgboost;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The three encodings of an XGBoost model, told apart by their first bytes.
 *
 * <p>Artifacts are stored content-addressed, without a file extension, and XGBoost chooses the
 * format from the extension when it loads a path. So the runtime loads from bytes instead: {@code
 * XGBoosterLoadModelFromBuffer} (behind {@code XGBoost.loadModel(byte[])}) sniffs JSON and UBJSON
 * the same way as {@link #detect}. XGBoost 3 no longer reads the legacy binary format: the runtime
 * converts it to JSON itself ({@link LegacyBinaryModel}). Detecting first also keeps arbitrary
 * files (an ONNX model, say) away from XGBoost and gives a clear error.
 */
enum XGBoostModelFormat {
    /** Text JSON: {@code {"learner": ...}}. Written by {@code save_model("model.json")}. */
    JSON,
    /**
     * Universal Binary JSON: {@code {L...} or {i...}}. Written by {@code save_model("model.ubj")}.
     */
    UBJSON,
    /**
     * The binary format of XGBoost 1.x and 2.x, headed by {@code binf}: {@code save_model} with a
     * name not ending in .json (or .ubj), or {@code save_raw("deprecated")}. XGBoost 3 can neither
     * write nor read it.
     */
    LEGACY_BINARY;

    /** The format of a model's bytes, or empty when they are none of the three. */
    static Optional<XGBoostModelFormat> detect(byte[] model) {
        if (model.length >= 2 && model[0] == '{') {
            // As XGBoost does: after '{', a quote starts a JSON key; a letter is a UBJSON type
            // marker (the length prefix of the first key).
            int next = 1;
            while (next < model.length && isJsonWhitespace(model[next])) {
                next++;
            }
            if (next < model.length && model[next] == '"') {
                return Optional.of(JSON);
            }
            if (next < model.length && isAsciiLetter(model[next])) {
                return Optional.of(UBJSON);
            }
            return Optional.empty();
        }
        if (model.length >= 4
                && model[0] == 'b'
                && model[1] == 'i'
                && model[2] == 'n'
                && model[3] == 'f') {
            return Optional.of(LEGACY_BINARY);
        }
        return Optional.empty();
    }

    /** Names the first bytes of content that {@link #detect} does not recognise, for an error. */
    static String describeUnknown(byte[] model) {
        if (model.length == 0) {
            return "the file is empty";
        }
        int shown = Math.min(model.length, 8);
        return "the file starts with bytes "
                + HexFormat.ofDelimiter(" ").formatHex(model, 0, shown)
                + ", not with '{' (JSON or UBJSON) or 'binf' (the binary format of XGBoost 1.x);"
                + " models saved before XGBoost 1.0 must be saved again with a newer XGBoost";
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean isAsciiLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
