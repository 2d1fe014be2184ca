package dev.slipway.cli.api;

/**
 * The body of {@code POST /api/v1/endpoints} (with {@code name}) and {@code PATCH
 * /api/v1/endpoints/{endpoint}} (without). Null fields are left out, so a PATCH changes only what
 * it names and a POST lets the server apply its defaults.
 *
 * @param model {@code name:3} or {@code name@alias}
 * @param timeout e.g. {@code 5s}
 * @param rollout how a PATCH whose model names another version rolls it out; null leaves it to the
 *     endpoint's rolloutDefaults, else expedited
 */
public record EndpointSpec(
        String name,
        String model,
        Integer copies,
        ResourcesSpec resources,
        String timeout,
        RolloutSpec rollout) {

    public EndpointSpec(
            String name, String model, Integer copies, ResourcesSpec resources, String timeout) {
        this(name, model, copies, resources, timeout, null);
    }

    /** Per-copy resources; a null field is left out. */
    public record ResourcesSpec(Double cores, String memory) {}

    public EndpointSpec withRollout(RolloutSpec spec) {
        return new EndpointSpec(name, model, copies, resources, timeout, spec);
    }

    public boolean changesNothing() {
        return model == null && copies == null && resources == null && timeout == null;
    }
}
