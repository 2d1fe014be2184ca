package dev.slipway.cli.api;

import static dev.slipway.cli.api.ApiClient.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.input.JacksonMappers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of docs/api.md as typed methods, one per row of its tables, so paths and bodies live in
 * one place. Thread-safe like the {@link ApiClient} it wraps.
 */
public final class SlipwayApi {

    private static final String MODELS = "/api/v1/models/";
    private static final String ENDPOINTS = "/api/v1/endpoints";
    private static final String ROLLOUTS = "/api/v1/rollouts";
    private static final String ASYNC = "/api/v1/async";
    private static final String JOBS = "/api/v1/jobs";

    private final ApiClient client;

    public SlipwayApi(ApiClient client) {
        this.client = client;
    }

    public ApiClient client() {
        return client;
    }

    // --- artifacts, models and versions

    /** Uploads the file's bytes; the server stores them content-addressed, idempotently. */
    public ModelVersion.Artifact uploadArtifact(Path file) {
        return client.postFile(
                "/api/v1/artifacts", file, "application/octet-stream", ModelVersion.Artifact.class);
    }

    public List<Model> listModels() {
        return client.get("/api/v1/models", ModelList.class).models();
    }

    public Optional<Model> findModel(String model) {
        return client.find(MODELS + segment(model), Model.class);
    }

    public Model getModel(String model) {
        return client.get(MODELS + segment(model), Model.class);
    }

    public Model putModel(String model, ModelMetadata metadata) {
        return client.put(MODELS + segment(model), metadata, Model.class);
    }

    /**
     * Registers a version.
     *
     * @throws ValidationFailedException when the server answers 422 with a validation report
     */
    public ModelVersion registerVersion(String model, VersionRequest request) {
        try {
            return client.post(MODELS + segment(model) + "/versions", request, ModelVersion.class);
        } catch (ApiException refused) {
            ValidationReport report = refused.status() == 422 ? reportIn(refused.body()) : null;
            if (report == null) {
                throw refused;
            }
            // The 422 body may be the bare report, whose "error" field the client did not find.
            JsonNode error = refused.body().path("error");
            String message =
                    error.isTextual() ? error.asText() : "the golden examples did not match";
            throw new ValidationFailedException(
                    "version refused: " + message + " (" + mismatchCount(report) + ")", report);
        }
    }

    /**
     * Finds the report in a 422 body: docs/api.md says the body is the report; the server sends its
     * error object with the report under {@code details}; {@code report} is accepted too.
     */
    private static ValidationReport reportIn(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode report = body.has("mismatches") ? body : body.get("details");
        if (report == null || !report.has("mismatches")) {
            report = body.get("report");
        }
        if (report == null || !report.isObject()) {
            return null;
        }
        try {
            return JacksonMappers.JSON.treeToValue(report, ValidationReport.class);
        } catch (JsonProcessingException unexpected) {
            return null;
        }
    }

    private static String mismatchCount(ValidationReport report) {
        int count = report.mismatches().size();
        return count + (count == 1 ? " mismatch" : " mismatches");
    }

    public ModelVersion getVersion(String model, int version) {
        return client.get(versionPath(model, version), ModelVersion.class);
    }

    public ValidationReport validate(String model, int version) {
        return client.post(
                versionPath(model, version) + "/validate", Map.of(), ValidationReport.class);
    }

    public ModelVersion getAlias(String model, String alias) {
        return client.get(aliasPath(model, alias), ModelVersion.class);
    }

    public AliasAssignment setAlias(String model, String alias, int version) {
        return client.put(
                aliasPath(model, alias), Map.of("version", version), AliasAssignment.class);
    }

    private static String versionPath(String model, int version) {
        return MODELS + segment(model) + "/versions/" + version;
    }

    private static String aliasPath(String model, String alias) {
        return MODELS + segment(model) + "/aliases/" + segment(alias);
    }

    // --- endpoints

    public List<Endpoint> listEndpoints() {
        return client.get(ENDPOINTS, EndpointList.class).endpoints();
    }

    public Optional<Endpoint> findEndpoint(String endpoint) {
        return client.find(ENDPOINTS + "/" + segment(endpoint), Endpoint.class);
    }

    public Endpoint getEndpoint(String endpoint) {
        return client.get(ENDPOINTS + "/" + segment(endpoint), Endpoint.class);
    }

    /** Creates an endpoint; {@code spec.name()} is required. */
    public Endpoint createEndpoint(EndpointSpec spec) {
        return client.post(ENDPOINTS, spec, Endpoint.class);
    }

    /** Changes only the fields {@code changes} sets; its name, if any, is ignored. */
    public Endpoint updateEndpoint(String endpoint, EndpointSpec changes) {
        EndpointSpec patch =
                new EndpointSpec(
                        null,
                        changes.model(),
                        changes.copies(),
                        changes.resources(),
                        changes.timeout(),
                        changes.policy(),
                        changes.rollout());
        return client.patch(ENDPOINTS + "/" + segment(endpoint), patch, Endpoint.class);
    }

    public void deleteEndpoint(String endpoint) {
        client.delete(ENDPOINTS + "/" + segment(endpoint));
    }

    // --- rollouts

    /**
     * Starts a rollout on the endpoint.
     *
     * @throws ApiException with code {@code ROLLOUT_ACTIVE} (409) when one is running
     */
    public Rollout startRollout(String endpoint, RolloutRequest request) {
        return client.post(
                ENDPOINTS + "/" + segment(endpoint) + "/rollouts", request, Rollout.class);
    }

    /** Newest first; {@code endpoint} null lists every endpoint's. */
    public List<Rollout> listRollouts(String endpoint, int limit) {
        String query =
                (endpoint == null ? "" : "endpoint=" + segment(endpoint) + "&") + "limit=" + limit;
        return client.get(ROLLOUTS + "?" + query, RolloutList.class).rollouts();
    }

    /** One rollout with its events. */
    public Rollout getRollout(long id) {
        return client.get(ROLLOUTS + "/" + id, Rollout.class);
    }

    /**
     * Records a person's decision: {@code approve}, {@code abort} or {@code rollback}. The server's
     * reconciler acts on it; the answer shows it as {@code pendingAction}.
     */
    public Rollout requestRolloutAction(long id, RolloutAction action) {
        return client.post(ROLLOUTS + "/" + id + "/" + action.path(), Map.of(), Rollout.class);
    }

    /** What a person can ask of a running rollout. */
    public enum RolloutAction {
        APPROVE("approve"),
        ABORT("abort"),
        ROLLBACK("rollback");

        private final String path;

        RolloutAction(String path) {
            this.path = path;
        }

        /** The last path segment, also the word shown to people. */
        public String path() {
            return path;
        }
    }

    // --- batch jobs

    /**
     * Starts a batch job.
     *
     * @throws ApiException with code {@code JOB_EXISTS} (409) when the name is taken
     */
    public BatchJob createBatchJob(BatchJobRequest request) {
        return client.post(JOBS + "/batch", request, BatchJob.class);
    }

    /** Newest first; {@code name} null lists every job. */
    public List<BatchJob> listJobs(String name, int limit) {
        String query = (name == null ? "" : "name=" + segment(name) + "&") + "limit=" + limit;
        return client.get(JOBS + "?" + query, JobList.class).jobs();
    }

    /** One job with its live progress and events. */
    public BatchJob getJob(long id) {
        return client.get(JOBS + "/" + id, BatchJob.class);
    }

    /** Records a cancel request; the server's workers stop after their current mini-batch. */
    public BatchJob cancelJob(long id) {
        return client.post(JOBS + "/" + id + "/cancel", Map.of(), BatchJob.class);
    }

    // --- data plane (no token needed, sending it is harmless)

    /** OIP v2 inference: {@code POST /v2/models/{endpoint}/infer}; returns the answer body. */
    public String infer(String endpoint, byte[] requestJson) {
        return client.postBytes(
                "/v2/models/" + segment(endpoint) + "/infer", requestJson, "application/json");
    }

    /** SageMaker-style invocation: {@code POST /endpoints/{endpoint}/invocations}. */
    public String invoke(String endpoint, byte[] body, String contentType) {
        return client.postBytes(
                "/endpoints/" + segment(endpoint) + "/invocations", body, contentType);
    }

    /**
     * Queues an asynchronous invocation: {@code POST /endpoints/{endpoint}/async-invocations}.
     *
     * @return the 202 answer naming the invocation
     */
    public AsyncAcceptance invokeAsync(String endpoint, AsyncInvocationRequest request) {
        String path = "/endpoints/" + segment(endpoint) + "/async-invocations";
        return switch (request.input()) {
            case AsyncInvocationRequest.Payload payload ->
                    client.postBytes(
                            path,
                            payload.body(),
                            payload.contentType(),
                            request.headers(),
                            AsyncAcceptance.class);
            case AsyncInvocationRequest.StoredObject stored ->
                    client.postBytes(
                            path,
                            new byte[0],
                            stored.contentType(),
                            request.headers(),
                            AsyncAcceptance.class);
        };
    }

    // --- asynchronous invocations (control plane)

    /** One invocation, with its result once it succeeded. */
    public AsyncInvocation getAsyncInvocation(String id) {
        return client.get(ASYNC + "/" + segment(id), AsyncInvocation.class);
    }

    /** The stored output as it came from the model, read as UTF-8 text. */
    public String getAsyncOutput(String id) {
        return client.get(ASYNC + "/" + segment(id) + "/output", String.class);
    }

    /**
     * Invocations matching the filters; a null filter is not sent.
     *
     * @param status queued, running, succeeded, failed or expired
     */
    public List<AsyncInvocation> listAsyncInvocations(String endpoint, String status, int limit) {
        StringBuilder query = new StringBuilder();
        if (endpoint != null) {
            query.append("endpoint=").append(segment(endpoint)).append('&');
        }
        if (status != null) {
            query.append("status=").append(segment(status)).append('&');
        }
        query.append("limit=").append(limit);
        return client.get(ASYNC + "?" + query, AsyncInvocationList.class).invocations();
    }

    /** {@code PUT .../aliases/{alias}} answer. */
    public record AliasAssignment(String model, String alias, int version) {}

    record ModelList(List<Model> models) {
        ModelList {
            models = WireCollections.list(models);
        }
    }

    record EndpointList(List<Endpoint> endpoints) {
        EndpointList {
            endpoints = WireCollections.list(endpoints);
        }
    }

    record JobList(List<BatchJob> jobs) {
        JobList {
            jobs = WireCollections.list(jobs);
        }
    }

    record RolloutList(List<Rollout> rollouts) {
        RolloutList {
            rollouts = WireCollections.list(rollouts);
        }
    }

    record AsyncInvocationList(List<AsyncInvocation> invocations) {
        AsyncInvocationList {
            invocations = WireCollections.list(invocations);
        }
    }
}
