package dev.slipway.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed fields out of one YAML document, collecting a problem (prefixed with the file,
 * document and dotted field path) instead of stopping at the first one. Each getter answers null
 * when the field is absent or wrong, after recording why. Not thread-safe; one per document.
 */
final class DocumentReader {

    private final ManifestSource source;
    private final String location;
    private final List<String> problems;

    DocumentReader(ManifestSource source, List<String> problems) {
        this(source, source.toString(), problems);
    }

    private DocumentReader(ManifestSource source, String location, List<String> problems) {
        this.source = source;
        this.location = location;
        this.problems = problems;
    }

    /** A reader for a file holding one document that is not a manifest (a rollout spec file). */
    static DocumentReader forFile(Path file, List<String> problems) {
        return new DocumentReader(null, file.toString(), problems);
    }

    /** Where the document is; null for a reader made {@link #forFile}. */
    ManifestSource source() {
        return source;
    }

    void problem(String field, String message) {
        problems.add(location + ": " + field + " " + message);
    }

    /** A value the field's parser refused; {@code reason} is the parser's own message. */
    void invalid(String field, String reason) {
        problems.add(location + ": " + field + ": " + reason);
    }

    /** How many problems were recorded so far, to tell whether a part of a document had any. */
    int problemCount() {
        return problems.size();
    }

    /** Records a problem for every field of {@code mapping} outside {@code known}. */
    void rejectUnknown(JsonNode mapping, String path, Set<String> known) {
        for (var names = mapping.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(
                        join(path, name),
                        "is not a known field (expected one of "
                                + String.join(", ", new TreeSet<>(known))
                                + ")");
            }
        }
    }

    JsonNode mapping(JsonNode parent, String path, String field, boolean required) {
        JsonNode value = present(parent, path, field, required);
        if (value != null && !value.isObject()) {
            problem(join(path, field), "must be a mapping");
            return null;
        }
        return value;
    }

    String string(JsonNode parent, String path, String field, boolean required) {
        JsonNode value = present(parent, path, field, required);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            problem(join(path, field), "must be a non-empty text");
            return null;
        }
        return value.asText();
    }

    Integer integer(JsonNode parent, String path, String field) {
        JsonNode value = present(parent, path, field, false);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(join(path, field), "must be a whole number");
            return null;
        }
        return value.intValue();
    }

    Double number(JsonNode parent, String path, String field) {
        JsonNode value = present(parent, path, field, false);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problem(join(path, field), "must be a number");
            return null;
        }
        return value.doubleValue();
    }

    Boolean bool(JsonNode parent, String path, String field) {
        JsonNode value = present(parent, path, field, false);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(join(path, field), "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    /** A mapping of scalar values, read as texts ({@code opset: 13} gives {@code "13"}). */
    Map<String, String> textMap(JsonNode parent, String path, String field) {
        JsonNode value = mapping(parent, path, field, false);
        if (value == null) {
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                problem(join(join(path, field), entry.getKey()), "must be a text or a number");
            } else {
                texts.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return texts;
    }

    Map<String, Double> numberMap(JsonNode parent, String path, String field) {
        JsonNode value = mapping(parent, path, field, false);
        if (value == null) {
            return null;
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isNumber()) {
                problem(join(join(path, field), entry.getKey()), "must be a number");
            } else {
                numbers.put(entry.getKey(), entry.getValue().doubleValue());
            }
        }
        return numbers;
    }

    List<String> textList(JsonNode parent, String path, String field) {
        JsonNode value = present(parent, path, field, false);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(join(path, field), "must be a list");
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isValueNode() || item.asText().isBlank()) {
                problem(join(path, field) + "[" + index + "]", "must be a non-empty text");
            } else {
                texts.add(item.asText());
            }
        }
        return texts;
    }

    List<Integer> integerList(JsonNode parent, String path, String field) {
        JsonNode value = present(parent, path, field, false);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(join(path, field), "must be a list of whole numbers");
            return null;
        }
        List<Integer> numbers = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                problem(join(path, field) + "[" + index + "]", "must be a whole number");
                return null;
            }
            numbers.add(item.intValue());
        }
        return numbers;
    }

    private JsonNode present(JsonNode parent, String path, String field, boolean required) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(join(path, field), "is required");
            }
            return null;
        }
        return value;
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
