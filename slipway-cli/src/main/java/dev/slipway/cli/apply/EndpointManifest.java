package dev.slipway.cli.apply;

import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.RolloutSpec;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;

/**
 * A {@code kind: Endpoint} document, checked. Optional fields are null when the manifest leaves
 * them out: the server's defaults apply on creation and apply leaves them alone afterwards.
 *
 * @param rollout how a change of model is rolled out, or null for the server's choice
 * @param policy queue, row, batching and async settings; {@link ServingPolicy#NONE} when the
 *     manifest gives none
 */
public record EndpointManifest(
        ManifestSource source,
        String name,
        ModelReference model,
        Integer copies,
        Double cores,
        Quantity memory,
        DurationValue timeout,
        RolloutSpec rollout,
        ServingPolicy policy) {

    public EndpointManifest(
            ManifestSource source,
            String name,
            ModelReference model,
            Integer copies,
            Double cores,
            Quantity memory,
            DurationValue timeout) {
        this(source, name, model, copies, cores, memory, timeout, null, ServingPolicy.NONE);
    }

    public EndpointManifest(
            ManifestSource source,
            String name,
            ModelReference model,
            Integer copies,
            Double cores,
            Quantity memory,
            DurationValue timeout,
            RolloutSpec rollout) {
        this(source, name, model, copies, cores, memory, timeout, rollout, ServingPolicy.NONE);
    }

    public EndpointManifest {
        if (source == null || name == null || model == null) {
            throw new IllegalArgumentException("source, name and model are required");
        }
        policy = policy == null ? ServingPolicy.NONE : policy;
    }

    /** The {@code POST /api/v1/endpoints} body. */
    public EndpointSpec createSpec() {
        EndpointSpec.ResourcesSpec resources =
                cores == null && memory == null
                        ? null
                        : new EndpointSpec.ResourcesSpec(
                                cores, memory == null ? null : memory.toString());
        return new EndpointSpec(
                name,
                model.text(),
                copies,
                resources,
                timeout == null ? null : timeout.toString(),
                policy.createSpec(),
                null);
    }
}
