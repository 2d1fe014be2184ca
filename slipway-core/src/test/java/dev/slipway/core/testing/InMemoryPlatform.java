package dev.slipway.core.testing;

import dev.slipway.core.artifact.ArtifactRef;
import dev.slipway.core.golden.GoldenExample;
import dev.slipway.core.registry.ModelLoader;
import dev.slipway.core.registry.ModelRegistry;
import dev.slipway.core.registry.ModelVersion;
import dev.slipway.core.registry.RegistryStore;
import dev.slipway.core.registry.Runtimes;
import dev.slipway.core.registry.VersionStatus;
import java.util.List;
import java.util.Map;

/**
 * Core's registry wired by hand over in-memory fakes, the way the server wires it over SQL: one
 * {@link FakeRuntime}, a {@link FakeClock} and a {@link RecordingEventLog}.
 */
public final class InMemoryPlatform {
    public final FakeClock clock = new FakeClock();
    public final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    public final InMemoryRegistryStore registryStore = new InMemoryRegistryStore(clock);
    public final InMemoryEndpointStore endpointStore = new InMemoryEndpointStore();
    public final RecordingEventLog events = new RecordingEventLog(clock);
    public final FakeRuntime runtime = new FakeRuntime();
    public final ModelLoader loader = new ModelLoader(new Runtimes(List.of(runtime)), artifacts);
    public final ModelRegistry registry =
            new ModelRegistry(registryStore, artifacts, loader, events);

    private int uploads;

    /** Uploads a fresh artifact whose predictors multiply their inputs by {@code factor}. */
    public ArtifactRef upload(double factor) {
        ArtifactRef artifact = artifacts.putText("fake model #" + ++uploads);
        runtime.scaleOutputs(artifact.sha256(), factor);
        return artifact;
    }

    /**
     * Stores the next version of {@code model} straight into the registry store (no load, no
     * validation): the stored state a reconciler pass starts from.
     */
    public ModelVersion storeVersion(String model, double factor, GoldenExample... golden) {
        return registryStore.insertVersion(
                new RegistryStore.NewVersion(
                        model,
                        FakeRuntime.FORMAT,
                        upload(factor),
                        SampleModel.SIGNATURE,
                        List.of(golden),
                        "",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        VersionStatus.REGISTERED));
    }
}
