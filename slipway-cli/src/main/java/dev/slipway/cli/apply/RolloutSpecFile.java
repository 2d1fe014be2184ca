package dev.slipway.cli.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.input.InputFileException;
import dev.slipway.cli.input.JacksonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code slipway rollouts start -f rollout.yaml}: one RolloutSpec in YAML, shaped like an endpoint
 * manifest's {@code spec.rollout}, checked the same way.
 */
public final class RolloutSpecFile {

    private RolloutSpecFile() {}

    /**
     * Reads and checks the spec.
     *
     * @throws InputFileException naming the file and, for each problem, the field
     */
    public static RolloutSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file + ": file not found");
        }
        JsonNode node;
        try {
            node = JacksonMappers.YAML.readTree(file.toFile());
        } catch (JsonProcessingException invalid) {
            var location = invalid.getLocation();
            throw new InputFileException(
                    file
                            + (location == null ? "" : " line " + location.getLineNr())
                            + ": invalid YAML ("
                            + invalid.getOriginalMessage().lines().findFirst().orElse("")
                            + ")");
        } catch (IOException unreadable) {
            throw new InputFileException(file + ": cannot read (" + unreadable.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InputFileException(
                    file + ": expected a rollout spec: a mapping with a strategy");
        }
        List<String> problems = new ArrayList<>();
        RolloutSpec spec =
                RolloutSpecDocument.read(
                        DocumentReader.forFile(file, problems), node, "", Set.of());
        if (spec == null) {
            throw new InputFileException(String.join("\n", problems));
        }
        return spec;
    }
}
