package dev.slipway.core.job;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.registry.ModelRef;
import dev.slipway.core.registry.Names;

/**
 * What a batch job predicts with: an endpoint (its live copies, shared with its callers) or a model
 * version (copies of the job's own, one per parallel worker).
 */
public sealed interface JobTarget permits JobTarget.OnEndpoint, JobTarget.OnModel {

    /** A plain name: the endpoint's copies answer, under its timeout and queue limits. */
    record OnEndpoint(String endpoint) implements JobTarget {
        public OnEndpoint {
            Names.require("target endpoint", endpoint);
        }

        @Override
        public String toString() {
            return endpoint;
        }
    }

    /** {@code name:3} or {@code name@alias}; an alias is resolved once, when the job is created. */
    record OnModel(ModelRef ref) implements JobTarget {
        public OnModel {
            java.util.Objects.requireNonNull(ref, "ref");
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /**
     * Parses {@code endpoint}, {@code model:version} or {@code model@alias}.
     *
     * @throws SlipwayException INVALID_ARGUMENT naming {@code field}
     */
    static JobTarget parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw SlipwayException.invalidArgument(
                    field + " is required (ENDPOINT, MODEL:VERSION or MODEL@ALIAS)");
        }
        if (text.indexOf(':') > 0 || text.indexOf('@') > 0) {
            return new OnModel(ModelRef.parse(field, text));
        }
        try {
            return new OnEndpoint(text);
        } catch (SlipwayException invalid) {
            throw SlipwayException.invalidArgument(
                    field
                            + " '"
                            + text
                            + "' is neither an endpoint name nor MODEL:VERSION or MODEL@ALIAS");
        }
    }
}
