package dev.slipway.runtime.onnx;

import dev.slipway.spi.ModelArtifact;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The tiny models that src/test/resources/make_test_models.py writes. */
final class TestModels {
    private TestModels() {}

    static ModelArtifact artifact(String resource) {
        try {
            Path path = Path.of(TestModels.class.getResource("/" + resource).toURI());
            return new ModelArtifact(path, "onnx", "0".repeat(64));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test model " + resource + " is missing", e);
        }
    }
}
