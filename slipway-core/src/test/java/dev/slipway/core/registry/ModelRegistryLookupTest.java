package dev.slipway.core.registry;

import static dev.slipway.core.testing.Failures.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.testing.InMemoryPlatform;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Looking versions up, resolving references, and moving aliases. */
class ModelRegistryLookupTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final ModelRegistry registry = platform.registry;

    @BeforeEach
    void storeTwoVersions() {
        platform.storeVersion("fraud", 1);
        platform.storeVersion("fraud", 2);
    }

    @Test
    void resolvesAPinnedReference() {
        ModelVersion version = registry.resolve(new ModelRef.Pinned("fraud", 2));

        assertThat(version.id()).isEqualTo(new ModelVersionId("fraud", 2));
    }

    @Test
    void resolvesAnAliasToTheVersionItPointsAtNow() {
        registry.setAlias("fraud", "champion", 1);
        ModelVersion before = registry.resolve(new ModelRef.Aliased("fraud", "champion"));

        registry.setAlias("fraud", "champion", 2);
        ModelVersion after = registry.resolve(new ModelRef.Aliased("fraud", "champion"));

        assertThat(before.id().version()).isEqualTo(1);
        assertThat(after.id().version()).isEqualTo(2);
    }

    @Test
    void reportsAMissingVersionOfAnExistingModel() {
        assertFailsWith(
                        ErrorCode.VERSION_NOT_FOUND,
                        () -> registry.resolve(new ModelRef.Pinned("fraud", 3)))
                .hasMessage("model 'fraud' has no version 3");
    }

    @Test
    void reportsAMissingModelRatherThanAMissingVersion() {
        assertFailsWith(
                        ErrorCode.MODEL_NOT_FOUND,
                        () -> registry.resolve(new ModelRef.Pinned("churn", 1)))
                .hasMessage("model 'churn' does not exist");
        assertFailsWith(
                        ErrorCode.MODEL_NOT_FOUND,
                        () -> registry.resolve(new ModelRef.Aliased("churn", "champion")))
                .hasMessage("model 'churn' does not exist");
    }

    @Test
    void reportsAMissingAlias() {
        assertFailsWith(
                        ErrorCode.ALIAS_NOT_FOUND,
                        () -> registry.resolve(new ModelRef.Aliased("fraud", "champion")))
                .hasMessage("model 'fraud' has no alias 'champion'");
    }

    @Test
    void setsAnAliasAndRecordsIt() {
        registry.setAlias("fraud", "champion", 2);

        assertThat(registry.aliases("fraud")).isEqualTo(Map.of("champion", 2));
        assertThat(platform.events.last().type()).isEqualTo("alias.set");
        assertThat(platform.events.last().message()).isEqualTo("champion -> 2");
    }

    @Test
    void refusesToPointAnAliasAtAMissingVersion() {
        assertFailsWith(
                        ErrorCode.VERSION_NOT_FOUND,
                        () -> registry.setAlias("fraud", "champion", 7))
                .hasMessage("model 'fraud' has no version 7");
        assertThat(registry.aliases("fraud")).isEmpty();
        assertThat(platform.events.types()).isEmpty();
    }

    @Test
    void refusesAnInvalidAliasName() {
        assertFailsWith(ErrorCode.INVALID_ARGUMENT, () -> registry.setAlias("fraud", "Champion", 1))
                .hasMessageStartingWith("alias 'Champion' is invalid");
    }

    @Test
    void deletesAnAliasAndRecordsIt() {
        registry.setAlias("fraud", "champion", 1);

        registry.deleteAlias("fraud", "champion");

        assertThat(registry.aliases("fraud")).isEmpty();
        assertThat(platform.events.types()).containsExactly("alias.set", "alias.deleted");
    }

    @Test
    void reportsDeletingAMissingAlias() {
        assertFailsWith(ErrorCode.ALIAS_NOT_FOUND, () -> registry.deleteAlias("fraud", "champion"))
                .hasMessage("model 'fraud' has no alias 'champion'");
    }

    @Test
    void listsTheVersionsOfAModelOldestFirst() {
        assertThat(registry.versions("fraud"))
                .extracting(version -> version.id().version())
                .containsExactly(1, 2);
        assertFailsWith(ErrorCode.MODEL_NOT_FOUND, () -> registry.versions("churn"));
    }
}
