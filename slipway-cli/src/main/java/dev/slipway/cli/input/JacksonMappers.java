package dev.slipway.cli.input;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The two configured Jackson mappers of the CLI. Both are immutable after construction and safe to
 * share between threads.
 */
public final class JacksonMappers {

    /**
     * JSON as the server speaks it: unknown fields are ignored (the server may add fields), nulls
     * are left out of what we send, and a value followed by garbage is an error rather than being
     * silently truncated.
     */
    public static final ObjectMapper JSON =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    /** YAML for manifests and signature files in, and {@code --output yaml} out. */
    public static final ObjectMapper YAML =
            YAMLMapper.builder(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    .build())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // A key written twice in a manifest is a mistake, not "last one wins".
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    private JacksonMappers() {}
}
