package dev.slipway.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.spi.LoadOptions;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Legacy binary models through the runtime, intact and damaged. A damaged file must end in a {@link
 * ModelLoadException} or in a model that loads and predicts; anything the converter let through
 * that made XGBoost read outside its arrays would crash the test JVM and fail the build.
 */
class LegacyBinaryDamageTest {
    private static final int DAMAGED_COPIES = 300;

    private final XGBoostRuntime runtime = new XGBoostRuntime();

    @TempDir Path temp;

    @Test
    void aMultiClassLegacyModelServesThreeProbabilitiesPerRow() throws Exception {
        LegacyFixture fixture = LegacyFixture.named("multi-softprob");
        Path artifact = Files.write(temp.resolve("5e0a"), fixture.binary());

        try (Predictor predictor =
                runtime.load(XGBoostRuntimeTest.artifact(artifact), LoadOptions.defaults())) {
            float[] probabilities = predictor.predict(request(fixture)).outputs().get(0).floats();

            assertThat(probabilities).hasSize(fixture.rows().length * 3);
            for (int row = 0; row < fixture.rows().length; row++) {
                for (int group = 0; group < 3; group++) {
                    assertThat(probabilities[row * 3 + group])
                            .isCloseTo(fixture.predictions()[row][group], within(1e-5f));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary-logistic", "dart", "gblinear", "multi-softprob"})
    void randomlyDamagedFilesFailCleanlyOrStillPredict(String name) throws Exception {
        LegacyFixture fixture = LegacyFixture.named(name);
        Random random = new Random(name.hashCode());
        int rejected = 0;

        for (int copy = 0; copy < DAMAGED_COPIES; copy++) {
            byte[] damaged = fixture.binary().clone();
            for (int change = 1 + random.nextInt(3); change > 0; change--) {
                damaged[4 + random.nextInt(damaged.length - 4)] = (byte) random.nextInt(256);
            }
            Path artifact = Files.write(temp.resolve("damaged-" + copy), damaged);
            try (Predictor predictor =
                    runtime.load(XGBoostRuntimeTest.artifact(artifact), LoadOptions.defaults())) {
                predictor.predict(request(fixture));
            } catch (ModelLoadException e) {
                assertThat(e).hasMessageStartingWith("not a valid XGBoost model: ");
                rejected++;
            } catch (PredictionException e) {
                // A damaged model may load and then fail to predict; failing is fine.
                assertThat(e).hasMessageNotContaining("Stack trace");
            }
        }

        // Most random changes hit tree structure or lengths; some land in values and still load.
        assertThat(rejected).isPositive();
    }

    private static PredictRequest request(LegacyFixture fixture) {
        return PredictRequest.of(
                Tensor.ofFloats(
                        "input",
                        new long[] {fixture.rows().length, fixture.features()},
                        fixture.flatRows()));
    }
}
