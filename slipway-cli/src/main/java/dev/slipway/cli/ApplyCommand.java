package dev.slipway.cli;

import dev.slipway.cli.api.ApiException;
import dev.slipway.cli.api.BatchJob;
import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.SlipwayApi;
import dev.slipway.cli.apply.ApplyExecutor;
import dev.slipway.cli.apply.ApplyPlanner;
import dev.slipway.cli.apply.BatchJobManifest;
import dev.slipway.cli.apply.EndpointManifest;
import dev.slipway.cli.apply.ManifestSet;
import dev.slipway.cli.apply.Manifests;
import dev.slipway.cli.apply.ModelManifest;
import dev.slipway.cli.apply.Plan;
import dev.slipway.cli.apply.PlanWording;
import dev.slipway.cli.apply.ServerState;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway apply -f}: makes the server match YAML manifests. Read and check every manifest,
 * read the current state (GET only), plan, then either print the plan ({@code --dry-run}) or run it
 * step by step.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Create or update models and endpoints from YAML manifests (kind: Model, kind: Endpoint),"
                    + " and start batch jobs (kind: BatchJob).",
            "Models are applied before endpoints, batch jobs last; applying the same manifests twice"
                    + " changes nothing (a job whose name exists is left alone)."
        })
final class ApplyCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;
    @Mixin private ServerOptions server;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE|DIR",
            description =
                    "A manifest file, or a directory of *.yaml/*.yml files (recursive); repeatable.")
    private List<Path> paths;

    @Option(names = "--dry-run", description = "Print the plan without changing anything.")
    private boolean dryRun;

    @Override
    public Integer call() {
        ManifestSet manifests = Manifests.load(paths);
        if (!manifests.skipped().isEmpty()) {
            // A directory often holds other YAML (signature.yaml); say so once, on stderr.
            new TablePrinter(spec.commandLine().getErr())
                    .line(
                            "skipped (no apiVersion or kind): "
                                    + String.join(
                                            ", ",
                                            manifests.skipped().stream()
                                                    .map(Path::toString)
                                                    .toList()));
        }
        SlipwayApi api = server.api();
        Plan plan = ApplyPlanner.plan(manifests, readState(api, manifests));
        TablePrinter printer = new TablePrinter(spec.commandLine().getOut());
        if (dryRun) {
            plan.changes().forEach(change -> printer.line(PlanWording.wouldDo(change)));
            printer.line(PlanWording.summary(plan, true));
        } else {
            List<String> notApplied = new ApplyExecutor(api, printer::line).execute(plan);
            if (!notApplied.isEmpty()) {
                throw new CliException(
                        "not applied because a rollout is in progress: "
                                + String.join(", ", notApplied));
            }
        }
        return 0;
    }

    /**
     * The models the manifests name or their endpoints serve, and the endpoints the manifests name
     * or roll versions out to.
     */
    private static ServerState readState(SlipwayApi api, ManifestSet manifests) {
        Set<String> modelNames = new LinkedHashSet<>();
        manifests.models().stream().map(ModelManifest::name).forEach(modelNames::add);
        manifests.endpoints().stream()
                .map(endpoint -> endpoint.model().model())
                .forEach(modelNames::add);
        Map<String, Model> models = new HashMap<>();
        for (String name : modelNames) {
            api.findModel(name).ifPresent(model -> models.put(name, model));
        }
        Set<String> endpointNames = new LinkedHashSet<>();
        manifests.endpoints().stream().map(EndpointManifest::name).forEach(endpointNames::add);
        manifests.models().stream()
                .filter(model -> model.version() != null && model.version().rollout() != null)
                .map(model -> model.version().rollout().endpoint())
                .forEach(endpointNames::add);
        Map<String, Endpoint> endpoints = new HashMap<>();
        Map<String, Rollout> activeRollouts = new HashMap<>();
        for (String name : endpointNames) {
            api.findEndpoint(name).ifPresent(endpoint -> endpoints.put(name, endpoint));
            if (endpoints.containsKey(name)) {
                activeRollout(api, name).ifPresent(rollout -> activeRollouts.put(name, rollout));
            }
        }
        Map<String, BatchJob> batchJobs = new HashMap<>();
        for (BatchJobManifest job : manifests.batchJobs()) {
            api.listJobs(job.name(), 1).stream()
                    .findFirst()
                    .ifPresent(found -> batchJobs.put(job.name(), found));
        }
        return new ServerState(models, endpoints, activeRollouts, batchJobs);
    }

    /**
     * The newest rollout of the endpoint when it is still running; a server without rollouts has
     * none.
     */
    private static Optional<Rollout> activeRollout(SlipwayApi api, String endpoint) {
        try {
            return api.listRollouts(endpoint, 1).stream().findFirst().filter(Rollout::active);
        } catch (ApiException unsupported) {
            if (unsupported.isNotFound()) {
                return Optional.empty();
            }
            throw unsupported;
        }
    }
}
