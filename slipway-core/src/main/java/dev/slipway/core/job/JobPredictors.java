package dev.slipway.core.job;

import dev.slipway.core.registry.ModelVersion;

/** Finds what a job's target predicts with and opens predictors for its workers. Thread-safe. */
public interface JobPredictors {

    /**
     * The version the target answers with now: the model version it names, or the version the
     * endpoint serves.
     *
     * @throws dev.slipway.core.error.SlipwayException MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     *     ALIAS_NOT_FOUND or ENDPOINT_NOT_FOUND
     */
    ModelVersion resolve(JobTarget target);

    /** The version a job's rows are read against: its pinned version, or the endpoint's now. */
    ModelVersion versionFor(BatchJob job);

    /** A predictor for one worker; for a model target this loads a copy of the job's own. */
    JobPredictor open(BatchJob job);
}
