package dev.slipway.cli.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The body of {@code POST /api/v1/endpoints} (with {@code name}) and {@code PATCH
 * /api/v1/endpoints/{endpoint}} (without). Null fields are left out, so a PATCH changes only what
 * it names and a POST lets the server apply its defaults.
 *
 * @param model {@code name:3} or {@code name@alias}
 * @param timeout e.g. {@code 5s}
 * @param policy queue, row, batching and async settings, written beside the other fields
 * @param rollout how a PATCH whose model names another version rolls it out; null leaves it to the
 *     endpoint's rolloutDefaults, else expedited
 */
public record EndpointSpec(
        String name,
        String model,
        Integer copies,
        ResourcesSpec resources,
        String timeout,
        @JsonUnwrapped ServingPolicySpec policy,
        RolloutSpec rollout) {

    public EndpointSpec {
        policy = policy == null ? ServingPolicySpec.NONE : policy;
    }

    public EndpointSpec(
            String name, String model, Integer copies, ResourcesSpec resources, String timeout) {
        this(name, model, copies, resources, timeout, ServingPolicySpec.NONE, null);
    }

    public EndpointSpec(
            String name,
            String model,
            Integer copies,
            ResourcesSpec resources,
            String timeout,
            RolloutSpec rollout) {
        this(name, model, copies, resources, timeout, ServingPolicySpec.NONE, rollout);
    }

    /** Per-copy resources; a null field is left out. */
    public record ResourcesSpec(Double cores, String memory) {}

    public EndpointSpec withRollout(RolloutSpec spec) {
        return new EndpointSpec(name, model, copies, resources, timeout, policy, spec);
    }

    public EndpointSpec withPolicy(ServingPolicySpec newPolicy) {
        return new EndpointSpec(name, model, copies, resources, timeout, newPolicy, rollout);
    }

    public boolean changesNothing() {
        return model == null
                && copies == null
                && resources == null
                && timeout == null
                && policy.changesNothing();
    }
}
