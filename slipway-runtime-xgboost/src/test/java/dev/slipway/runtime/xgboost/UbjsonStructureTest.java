package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelLoadException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UbjsonStructureTest {
    private static final Path DIABETES_UBJ = XGBoostRuntimeTest.DIABETES.resolve("model.ubj");

    @TempDir Path temp;

    @Test
    void acceptsTheModelsXGBoostWrites() throws Exception {
        assertThat(UbjsonStructure.defect(Files.readAllBytes(DIABETES_UBJ))).isEmpty();
    }

    @Test
    void acceptsEveryTypeAndContainerForm() {
        byte[] document =
                bytes(
                        "{", "i", 1, "a", "[", "Z", "N", "T", "F", "i", 1, "U", 200, "I", 0, 1, "l",
                        0, 0, 0, 1, "L", 0, 0, 0, 0, 0, 0, 0, 1, "d", 0, 0, 0, 0, "D", 0, 0, 0, 0,
                        0, 0, 0, 0, "C", "x", "S", "i", 2, "h", "i", "H", "i", 1, "7", "]", "i", 1,
                        "b", "[", "$", "d", "#", "i", 2, 0, 0, 0, 0, 0, 0, 0, 0, "i", 1, "c", "[",
                        "#", "U", 2, "S", "i", 0, "T", "i", 1, "d", "{", "$", "T", "#", "i", 1, "i",
                        1, "k", "}");

        assertThat(UbjsonStructure.defect(document)).isEmpty();
    }

    @Test
    void reportsWhereADocumentIsDamaged() {
        assertThat(UbjsonStructure.defect(bytes("{", "i", 1, "a", "S", "i", 9, "x", "}")))
                .contains("the document ends early (9 bytes needed, 2 left) at byte 7");
        assertThat(
                        UbjsonStructure.defect(
                                bytes(
                                        "{", "i", 1, "a", "[", "$", "d", "#", "L", 127, 0, 0, 0, 0,
                                        0, 0, 0)))
                .hasValueSatisfying(
                        defect -> assertThat(defect).startsWith("a count of 9151314442816847872"));
        assertThat(UbjsonStructure.defect(bytes("{", "i", -1, "}")))
                .contains("negative length -1 at byte 1");
        assertThat(UbjsonStructure.defect(bytes("{", "i", 1, "a", "?", "}")))
                .contains("unknown type marker 0x3f at byte 4");
        assertThat(UbjsonStructure.defect(bytes("{", "S", 1, "a", "}")))
                .contains("a length must be an integer at byte 1");
        assertThat(UbjsonStructure.defect("[".repeat(100).getBytes()))
                .hasValueSatisfying(
                        defect ->
                                assertThat(defect).startsWith("containers nested deeper than 64"));
    }

    @Test
    void everyTruncationOfARealModelIsRejectedWithoutCrashingTheJvm() throws Exception {
        // XGBoost's own reader crashed the JVM on some of these before the check existed.
        byte[] model = Files.readAllBytes(DIABETES_UBJ);
        XGBoostRuntime runtime = new XGBoostRuntime();
        Path artifact = temp.resolve("ab12");

        for (int length = 1; length < model.length; length += 5) {
            Files.write(artifact, Arrays.copyOf(model, length));
            assertThatThrownBy(
                            () ->
                                    runtime.load(
                                            XGBoostRuntimeTest.artifact(artifact),
                                            LoadOptions.defaults()))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageStartingWith("not a valid XGBoost model: ");
        }
    }

    /** Strings become their ASCII bytes, numbers single bytes. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes());
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
