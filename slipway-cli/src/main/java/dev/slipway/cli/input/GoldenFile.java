package dev.slipway.cli.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code golden.jsonl} (docs/formats.md): one JSON object per line holding an OIP v2 {@code
 * request} and the {@code expected} outputs. Blank lines are skipped; every other line must parse,
 * and an error names its line number.
 */
public final class GoldenFile {

    private GoldenFile() {}

    /**
     * Reads and checks {@code file}.
     *
     * @throws InputFileException naming the file and the line
     */
    public static List<ObjectNode> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new InputFileException(file + ": file not found");
        } catch (IOException unreadable) {
            throw new InputFileException(file + ": cannot read (" + unreadable.getMessage() + ")");
        }
        List<ObjectNode> examples = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            if (!line.isBlank()) {
                examples.add(example(line, file + " line " + (index + 1)));
            }
        }
        if (examples.isEmpty()) {
            throw new InputFileException(file + ": holds no examples");
        }
        return List.copyOf(examples);
    }

    private static ObjectNode example(String line, String place) {
        JsonNode node;
        try {
            node = JacksonMappers.JSON.readTree(line);
        } catch (JsonProcessingException invalid) {
            throw new InputFileException(
                    place + ": invalid JSON (" + invalid.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode example)) {
            throw new InputFileException(place + ": expected a JSON object");
        }
        JsonNode request = example.get("request");
        if (request == null || !request.isObject() || !request.path("inputs").isArray()) {
            throw new InputFileException(
                    place + ": request must be an OIP v2 inference request with an inputs list");
        }
        JsonNode expected = example.get("expected");
        if (expected == null || !expected.isObject() || !expected.path("outputs").isArray()) {
            throw new InputFileException(
                    place + ": expected must be an object with an outputs list");
        }
        return example;
    }
}
