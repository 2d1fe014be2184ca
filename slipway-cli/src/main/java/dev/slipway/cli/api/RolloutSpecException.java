package dev.slipway.cli.api;

/**
 * A rollout spec value that breaks a rule, naming the field as the JSON spells it relative to the
 * spec ({@code steps}, {@code guardrails.maxP99}, {@code then.bake}), so each caller can report it
 * in its own terms: an option name, or a manifest path such as {@code spec.rollout.steps}.
 */
public final class RolloutSpecException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public RolloutSpecException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The dotted field path inside the spec. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field: {@code must end at 100, got [10, 50]}. */
    public String problem() {
        return problem;
    }

    /** The same problem one level down, e.g. inside a shadow rollout's {@code then}. */
    public RolloutSpecException within(String parent) {
        return new RolloutSpecException(parent + "." + field, problem);
    }
}
