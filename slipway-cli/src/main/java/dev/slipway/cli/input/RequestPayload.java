package dev.slipway.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The body of an inference request as {@code slipway invoke} takes it: {@code @FILE} or a plain
 * file path (as curl and the first CLI versions take it), {@code -} for standard input, or, for
 * JSON, the text itself ({@code '{"inputs": ...}'}).
 *
 * @param bytes the body to send
 * @param origin how to name it in messages: the file, {@code stdin} or {@code --data}
 */
public record RequestPayload(byte[] bytes, String origin) {

    /**
     * Reads a JSON body. Text starting with <code>{</code> or {@code [} is the body itself; a file
     * cannot sensibly be named like that.
     *
     * @param option the option that gave it, e.g. {@code --data}, for messages about inline text
     * @throws InputFileException naming the file that is missing or unreadable
     */
    public static RequestPayload json(String source, String option, InputStream stdin) {
        String trimmed = source.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return new RequestPayload(source.getBytes(StandardCharsets.UTF_8), option);
        }
        return file(source, stdin);
    }

    /**
     * Reads a body from {@code @FILE}, a path, or {@code -} for standard input.
     *
     * @throws InputFileException naming the file that is missing or unreadable
     */
    public static RequestPayload file(String source, InputStream stdin) {
        if (source.equals("-")) {
            try {
                return new RequestPayload(stdin.readAllBytes(), "stdin");
            } catch (IOException unreadable) {
                throw new InputFileException(
                        "stdin: cannot read (" + unreadable.getMessage() + ")");
            }
        }
        String file = source.startsWith("@") ? source.substring(1) : source;
        try {
            return new RequestPayload(Files.readAllBytes(Path.of(file)), file);
        } catch (NoSuchFileException missing) {
            throw new InputFileException(file + ": file not found");
        } catch (IOException unreadable) {
            throw new InputFileException(file + ": cannot read (" + unreadable.getMessage() + ")");
        }
    }

    /**
     * Checks that the body is one JSON object; a malformed file is reported here, naming it, rather
     * than as the server's 400.
     *
     * @throws InputFileException naming the origin and the problem
     */
    public RequestPayload requireJsonObject(String expected) {
        try {
            if (!JacksonMappers.JSON.readTree(bytes).isObject()) {
                throw new InputFileException(
                        origin + ": expected a JSON object (" + expected + ")");
            }
        } catch (JsonProcessingException invalid) {
            throw new InputFileException(
                    origin + ": invalid JSON (" + invalid.getOriginalMessage() + ")");
        } catch (IOException unreadable) {
            throw new InputFileException(
                    origin + ": cannot read (" + unreadable.getMessage() + ")");
        }
        return this;
    }
}
