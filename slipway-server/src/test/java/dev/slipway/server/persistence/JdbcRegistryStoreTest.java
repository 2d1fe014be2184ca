package dev.slipway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.golden.Tolerance;
import dev.slipway.core.registry.ModelMetadata;
import dev.slipway.core.registry.ModelRecord;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.ModelVersionId;
import dev.slipway.core.registry.RegistryStore.NewVersion;
import dev.slipway.core.registry.VersionStatus;
import dev.slipway.server.testing.Concurrently;
import dev.slipway.spi.DataType;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry in SQL, against the embedded H2 file database the server uses by default. */
class JdbcRegistryStoreTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Signature SIGNATURE =
            new Signature(
                    List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 2})),
                    List.of(new TensorSpec("y", DataType.FP32, new long[] {-1})));
    private static final ArtifactRef ARTIFACT = new ArtifactRef("ab".repeat(32), 123);

    @TempDir Path directory;
    Database database;

    /** What the test closes: the database, or (PostgreSQL) the database it also drops. */
    AutoCloseable closing;

    JdbcRegistryStore registry;

    @BeforeEach
    void open() {
        openDatabase();
        registry = new JdbcRegistryStore(database.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        closing.close();
    }

    /** An H2 database in the test's directory; the PostgreSQL variant overrides this. */
    void openDatabase() {
        database = new Database(Database.h2FileUrl(directory), "sa", "");
        closing = database;
    }

    /** A version of {@code model} with tags, lineage and metrics, for any store test. */
    static NewVersion version(String model, List<GoldenExample> golden) {
        return new NewVersion(
                model,
                "onnx",
                ARTIFACT,
                SIGNATURE,
                golden,
                "first try",
                Map.of("team", "risk"),
                Map.of("dataset", "d1"),
                Map.of("accuracy", 0.97),
                Map.of("predictor", "xgboost4j"),
                VersionStatus.REGISTERED);
    }

    private int insert(String model) {
        return registry.insertVersion(version(model, List.of())).id().version();
    }

    @Test
    void numbersVersionsOneTwoThreePerModel() {
        List<Integer> fraud = List.of(insert("fraud"), insert("fraud"), insert("fraud"));
        int churn = insert("churn");

        assertThat(fraud).containsExactly(1, 2, 3);
        assertThat(churn).isEqualTo(1);
        assertThat(registry.listVersions("fraud"))
                .extracting(version -> version.id().version())
                .containsExactly(1, 2, 3);
        assertThat(registry.listModels())
                .extracting(ModelRecord::name)
                .containsExactly("churn", "fraud");
    }

    @Test
    void concurrentInsertsIntoANewModelGetDistinctNumbers() throws Exception {
        int threads = 4;
        int perThread = 5;

        var outcomes =
                Concurrently.run(
                        threads,
                        () -> {
                            List<Integer> numbers = new ArrayList<>();
                            for (int i = 0; i < perThread; i++) {
                                numbers.add(insert("race"));
                            }
                            return numbers;
                        });

        List<Integer> numbers = new ArrayList<>();
        for (var outcome : outcomes) {
            assertThat(outcome.failure()).isNull();
            numbers.addAll(outcome.value());
        }
        assertThat(numbers)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, threads * perThread).boxed().toList());
    }

    @Test
    void readsBackEveryFieldOfAVersion() {
        ModelVersion inserted = registry.insertVersion(version("fraud", List.of()));

        ModelVersion found = registry.findVersion(new ModelVersionId("fraud", 1)).orElseThrow();

        assertThat(found).isEqualTo(inserted);
        assertThat(found.format()).isEqualTo("onnx");
        assertThat(found.artifact()).isEqualTo(ARTIFACT);
        assertThat(found.signature()).isEqualTo(SIGNATURE);
        assertThat(found.description()).isEqualTo("first try");
        assertThat(found.tags()).isEqualTo(Map.of("team", "risk"));
        assertThat(found.lineage()).isEqualTo(Map.of("dataset", "d1"));
        assertThat(found.metrics()).isEqualTo(Map.of("accuracy", 0.97));
        assertThat(found.runtimeParameters()).isEqualTo(Map.of("predictor", "xgboost4j"));
        assertThat(found.status()).isEqualTo(VersionStatus.REGISTERED);
        assertThat(found.createdAt()).isEqualTo(NOW);
        assertThat(registry.findVersion(new ModelVersionId("fraud", 2))).isEmpty();
    }

    @Test
    void updatesTheStatusOfOneVersion() {
        insert("fraud");
        insert("fraud");

        registry.updateStatus(new ModelVersionId("fraud", 2), VersionStatus.VALIDATED);

        assertThat(registry.listVersions("fraud"))
                .extracting(ModelVersion::status)
                .containsExactly(VersionStatus.REGISTERED, VersionStatus.VALIDATED);
    }

    @Test
    void upsertingAModelChangesOnlyTheGivenFields() {
        registry.upsertModel(
                "fraud", new ModelMetadata("scores payments", "risk-team", Map.of("a", "1")));

        ModelRecord updated = registry.upsertModel("fraud", new ModelMetadata(null, "ops", null));

        assertThat(updated.description()).isEqualTo("scores payments");
        assertThat(updated.owner()).isEqualTo("ops");
        assertThat(updated.tags()).isEqualTo(Map.of("a", "1"));
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(registry.findModel("fraud")).contains(updated);
        assertThat(registry.findModel("other")).isEmpty();
    }

    @Test
    void setsMovesAndDeletesAliases() {
        insert("fraud");
        insert("fraud");
        insert("fraud");

        registry.setAlias("fraud", "champion", 1);
        registry.setAlias("fraud", "challenger", 2);
        assertThat(registry.aliases("fraud"))
                .containsExactly(Map.entry("challenger", 2), Map.entry("champion", 1));

        registry.setAlias("fraud", "champion", 3);
        assertThat(registry.aliases("fraud"))
                .containsExactly(Map.entry("challenger", 2), Map.entry("champion", 3));

        assertThat(registry.deleteAlias("fraud", "challenger")).isTrue();
        assertThat(registry.deleteAlias("fraud", "challenger")).isFalse();
        assertThat(registry.aliases("fraud")).containsExactly(Map.entry("champion", 3));
        assertThat(registry.aliases("unknown")).isEmpty();
    }

    @Test
    void storesGoldenExamplesAndReadsThemBackEqual() {
        Tensor withMissingValue =
                Tensor.ofFloats("x", new long[] {1, 2}, new float[] {Float.NaN, 0.5f});
        List<GoldenExample> golden =
                List.of(
                        new GoldenExample(
                                "with-missing-value",
                                new PredictRequest(
                                        List.of(withMissingValue),
                                        Set.of(),
                                        Map.of("threshold", 0.5)),
                                List.of(Tensor.ofFloats("y", new long[] {1}, new float[] {0.25f})),
                                new Tolerance(1e-3, 0)),
                        new GoldenExample(
                                "second",
                                PredictRequest.of(
                                        Tensor.ofFloats(
                                                "x", new long[] {1, 2}, new float[] {1, 2})),
                                List.of(Tensor.ofFloats("y", new long[] {1}, new float[] {0.75f})),
                                Tolerance.DEFAULT));

        ModelVersion version = registry.insertVersion(version("fraud", golden));

        assertThat(version.goldenExamples()).isEqualTo(2);
        assertThat(registry.goldenExamples(version.id())).isEqualTo(golden);
        assertThat(registry.goldenExamples(new ModelVersionId("fraud", 9))).isEmpty();
    }
}
