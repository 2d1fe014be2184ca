package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Signature;
import dev.slipway.spi.testing.GoldenExample;
import dev.slipway.spi.testing.SignatureFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every encoding loads from a file without an extension, the way the server stores artifacts (named
 * by their sha256), and predicts the golden outputs with the Java trees.
 */
class XGBoostModelFormatTest {
    private static final Path BREAST_CANCER = XGBoostRuntimeTest.BREAST_CANCER;

    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @TempDir Path temp;

    @Test
    void jsonLoadsWithoutAnExtension() throws Exception {
        byte[] json = Files.readAllBytes(BREAST_CANCER.resolve("model.json"));

        assertThat(XGBoostModelFormat.detect(json)).contains(XGBoostModelFormat.JSON);
        assertPredictsGoldenOutputs(json);
    }

    @Test
    void jsonWithWhitespaceAfterTheOpeningBraceLoadsWithoutAnExtension() throws Exception {
        // As an indenting JSON tool writes it. (XGBoost's own parser rejects some other
        // whitespace, such as Jackson's "[ ]" for an empty array, whatever the file is called.)
        String json = Files.readString(BREAST_CANCER.resolve("model.json"));
        byte[] indented = ("{\n  " + json.substring(1)).getBytes(StandardCharsets.UTF_8);

        assertThat(XGBoostModelFormat.detect(indented)).contains(XGBoostModelFormat.JSON);
        assertPredictsGoldenOutputs(indented);
    }

    @Test
    void ubjsonLoadsWithoutAnExtension() throws Exception {
        byte[] ubj = booster().toByteArray("ubj");

        assertThat(XGBoostModelFormat.detect(ubj)).contains(XGBoostModelFormat.UBJSON);
        assertPredictsGoldenOutputs(ubj);
    }

    @Test
    void legacyBinaryWrittenByPythonXGBoost17LoadsWithoutAnExtension() throws Exception {
        // make_legacy_model.py wrote it with Booster.save_raw(raw_format="deprecated"). XGBoost 3
        // reads it only through the runtime's conversion to JSON (LegacyBinaryModel).
        byte[] binary =
                Files.readAllBytes(
                        Path.of(getClass().getResource("/breast-cancer-xgboost-1.7.bin").toURI()));

        assertThat(XGBoostModelFormat.detect(binary)).contains(XGBoostModelFormat.LEGACY_BINARY);
        assertPredictsGoldenOutputs(binary);
    }

    @Test
    void recognisesNothingElse() {
        assertThat(XGBoostModelFormat.detect(new byte[0])).isEmpty();
        assertThat(XGBoostModelFormat.detect("{".getBytes())).isEmpty();
        assertThat(XGBoostModelFormat.detect("{}".getBytes())).isEmpty();
        assertThat(XGBoostModelFormat.detect("[1, 2]".getBytes())).isEmpty();
        assertThat(XGBoostModelFormat.detect("bs64AAAA".getBytes())).isEmpty();
        assertThat(XGBoostModelFormat.detect(new byte[] {8, 7, 18, 7})).isEmpty();
    }

    private static Booster booster() throws Exception {
        return XGBoost.loadModel(Files.readAllBytes(BREAST_CANCER.resolve("model.json")));
    }

    private void assertPredictsGoldenOutputs(byte[] model) throws Exception {
        Path artifact = Files.write(temp.resolve("4c1d8e0b7a"), model);
        Signature declared = SignatureFile.read(BREAST_CANCER.resolve("signature.yaml"));
        List<GoldenExample> examples = GoldenExample.read(BREAST_CANCER.resolve("golden.jsonl"));

        try (Predictor predictor =
                runtime.load(
                        XGBoostRuntimeTest.artifact(artifact),
                        LoadOptions.defaults().withSignature(declared))) {
            assertThat(PredictorChoiceTest.kind(predictor)).isEqualTo(PredictorKind.TREES);
            for (GoldenExample example : examples) {
                example.assertMatches(predictor.predict(example.request()));
            }
        }
    }
}
