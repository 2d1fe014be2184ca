package dev.slipway.cli.apply;

import dev.slipway.cli.api.Endpoint;
import dev.slipway.cli.api.EndpointSpec;
import dev.slipway.cli.api.Model;
import dev.slipway.cli.api.ModelMetadata;
import dev.slipway.cli.api.ModelVersion;
import dev.slipway.cli.api.Rollout;
import dev.slipway.cli.api.ServingPolicySpec;
import dev.slipway.cli.apply.PlannedChange.CreateBatchJob;
import dev.slipway.cli.apply.PlannedChange.CreateEndpoint;
import dev.slipway.cli.apply.PlannedChange.CreateModel;
import dev.slipway.cli.apply.PlannedChange.RegisterVersion;
import dev.slipway.cli.apply.PlannedChange.RolloutInProgress;
import dev.slipway.cli.apply.PlannedChange.SetAlias;
import dev.slipway.cli.apply.PlannedChange.Unchanged;
import dev.slipway.cli.apply.PlannedChange.UpdateEndpoint;
import dev.slipway.cli.apply.PlannedChange.UpdateModel;
import dev.slipway.cli.apply.VersionTarget.Existing;
import dev.slipway.cli.apply.VersionTarget.Registered;
import dev.slipway.cli.input.DurationValue;
import dev.slipway.cli.input.ModelReference;
import dev.slipway.cli.input.Quantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares manifests with the server's current state and lists the changes that make the server
 * match, like {@code kubectl apply}'s client-side diff. Pure: no HTTP, the same inputs always give
 * the same plan. Fields a manifest leaves out are not managed, so they are neither compared nor
 * sent.
 */
public final class ApplyPlanner {

    private final ManifestSet manifests;
    private final ServerState state;
    private final List<PlannedChange> changes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Where each alias points once the model steps of the plan have run, by model then alias. */
    private final Map<String, Map<String, VersionTarget>> aliasesAfterPlan = new HashMap<>();

    /** Endpoints a version registration of this plan rolls out to: they own the model change. */
    private final Set<String> rolloutTargets = new HashSet<>();

    private ApplyPlanner(ManifestSet manifests, ServerState state) {
        this.manifests = manifests;
        this.state = state;
        state.models().forEach((name, model) -> aliasesAfterPlan.put(name, aliasTargets(model)));
    }

    /**
     * Plans the changes for {@code manifests} against {@code state}.
     *
     * @throws ManifestException if an endpoint names a model, version or alias that neither the
     *     server nor the manifests provide
     */
    public static Plan plan(ManifestSet manifests, ServerState state) {
        ApplyPlanner planner = new ApplyPlanner(manifests, state);
        manifests.models().forEach(planner::planModel);
        manifests.endpoints().forEach(planner::planEndpoint);
        manifests.batchJobs().forEach(planner::planBatchJob);
        if (!planner.problems.isEmpty()) {
            throw new ManifestException(planner.problems);
        }
        return new Plan(planner.changes);
    }

    private static Map<String, VersionTarget> aliasTargets(Model model) {
        Map<String, VersionTarget> targets = new HashMap<>();
        model.aliases().forEach((alias, version) -> targets.put(alias, new Existing(version)));
        return targets;
    }

    private void planModel(ModelManifest manifest) {
        int before = changes.size();
        Model current = state.models().get(manifest.name());
        if (current == null) {
            changes.add(
                    new CreateModel(
                            manifest.name(),
                            manifest.metadataOver(new ModelMetadata(null, null, Map.of()))));
        } else {
            List<String> differences = metadataDifferences(manifest, current);
            if (!differences.isEmpty()) {
                ModelMetadata now =
                        new ModelMetadata(current.description(), current.owner(), current.tags());
                changes.add(
                        new UpdateModel(manifest.name(), manifest.metadataOver(now), differences));
            }
        }
        if (manifest.version() != null) {
            planVersion(manifest, current);
        }
        if (changes.size() == before) {
            changes.add(new Unchanged("model/" + manifest.name()));
        }
    }

    private static List<String> metadataDifferences(ModelManifest manifest, Model current) {
        List<String> differences = new ArrayList<>();
        if (manifest.description() != null
                && !manifest.description().equals(current.description())) {
            differences.add("description");
        }
        if (manifest.owner() != null && !manifest.owner().equals(current.owner())) {
            differences.add("owner");
        }
        if (manifest.tags() != null && !manifest.tags().equals(current.tags())) {
            differences.add("tags");
        }
        return differences;
    }

    /**
     * Registers the version unless a version with the same artifact bytes, format and runtime
     * parameters exists (the parameters change how every copy loads, so they make another version),
     * and points each listed alias at it. An alias already on any such version is left alone: the
     * registry may hold the same artifact twice, and either copy satisfies the manifest.
     */
    private void planVersion(ModelManifest manifest, Model current) {
        String model = manifest.name();
        ModelManifest.Version version = manifest.version();
        Set<Integer> sameArtifact =
                current == null ? Set.of() : versionsWithSameArtifact(current, version);
        VersionTarget target;
        if (sameArtifact.isEmpty()) {
            changes.add(new RegisterVersion(model, version, plannedRollout(manifest)));
            target = new Registered();
        } else {
            target = new Existing(Collections.max(sameArtifact));
        }
        Map<String, VersionTarget> aliases =
                aliasesAfterPlan.computeIfAbsent(model, name -> new HashMap<>());
        for (String alias : version.aliases()) {
            Integer previous = current == null ? null : current.aliases().get(alias);
            if (previous != null && sameArtifact.contains(previous)) {
                continue;
            }
            changes.add(new SetAlias(model, alias, target, previous));
            aliases.put(alias, target);
        }
    }

    /**
     * The rollout a registration starts. An endpoint this apply creates gets none: it is created
     * after the models and serves the new version from the start.
     */
    private ModelManifest.VersionRollout plannedRollout(ModelManifest manifest) {
        ModelManifest.VersionRollout rollout = manifest.version().rollout();
        if (rollout == null) {
            return null;
        }
        if (state.endpoints().containsKey(rollout.endpoint())) {
            rolloutTargets.add(rollout.endpoint());
            return rollout;
        }
        if (manifests.endpoints().stream()
                .noneMatch(endpoint -> endpoint.name().equals(rollout.endpoint()))) {
            problems.add(
                    manifest.source()
                            + ": spec.version.rollout.endpoint: endpoint '"
                            + rollout.endpoint()
                            + "' does not exist and no manifest creates it");
        }
        return null;
    }

    private static Set<Integer> versionsWithSameArtifact(
            Model model, ModelManifest.Version version) {
        return model.versions().stream()
                .filter(
                        existing ->
                                version.sha256()
                                        .equalsIgnoreCase(String.valueOf(existing.sha256())))
                .filter(
                        existing ->
                                version.format()
                                        .equalsIgnoreCase(String.valueOf(existing.format())))
                .filter(
                        existing ->
                                version.runtimeParameters().equals(existing.runtimeParameters()))
                .map(ModelVersion::version)
                .collect(Collectors.toSet());
    }

    /** A job runs once: created when its name is new, never changed afterwards. */
    private void planBatchJob(BatchJobManifest manifest) {
        changes.add(
                state.batchJobs().containsKey(manifest.name())
                        ? new Unchanged("batchjob/" + manifest.name())
                        : new CreateBatchJob(manifest));
    }

    private void planEndpoint(EndpointManifest manifest) {
        VersionTarget target = resolve(manifest);
        if (target == null) {
            return;
        }
        Endpoint current = state.endpoints().get(manifest.name());
        if (current == null) {
            changes.add(new CreateEndpoint(manifest));
            return;
        }
        List<String> differences = new ArrayList<>();
        String model = null;
        String rolloutChange = null;
        Rollout inProgress = rolloutTo(manifest, target);
        // A rollout of this plan's or one already running moves the endpoint itself; a PATCH
        // would be refused while it runs.
        if (modelDiffers(manifest.model(), target, current.model())
                && !rolloutTargets.contains(manifest.name())
                && inProgress == null) {
            String change = describe(current.model()) + " -> " + describe(manifest.model(), target);
            // Only a change of version is rolled out; a new spelling of the same one is not.
            if (manifest.rollout() != null
                    && !sameVersion(manifest.model(), target, current.model())) {
                rolloutChange = change + " (" + manifest.rollout().strategy() + ")";
            } else {
                differences.add("model " + change);
            }
            model = manifest.model().text();
        }
        Integer copies = null;
        if (manifest.copies() != null && manifest.copies() != current.copies()) {
            differences.add("copies " + current.copies() + " -> " + manifest.copies());
            copies = manifest.copies();
        }
        EndpointSpec.ResourcesSpec resources = resourceChanges(manifest, current, differences);
        String timeout = null;
        if (manifest.timeout() != null
                && !manifest.timeout()
                        .equals(parseOrNull(current.timeout(), DurationValue::parse))) {
            differences.add("timeout " + current.timeout() + " -> " + manifest.timeout());
            timeout = manifest.timeout().toString();
        }
        ServingPolicySpec policy =
                ServingPolicyDiff.changes(manifest.policy(), current, differences);
        if (differences.isEmpty() && rolloutChange == null) {
            changes.add(
                    inProgress == null
                            ? new Unchanged("endpoint/" + manifest.name())
                            : new RolloutInProgress(
                                    manifest.name(), inProgress.id(), inProgress.to()));
        } else {
            EndpointSpec spec =
                    new EndpointSpec(null, model, copies, resources, timeout, policy, null);
            changes.add(
                    new UpdateEndpoint(
                            manifest.name(),
                            rolloutChange == null ? spec : spec.withRollout(manifest.rollout()),
                            differences,
                            rolloutChange));
        }
    }

    /**
     * The resources to send, or null when they match. Both fields are sent together so a server
     * that replaces the resources object whole keeps the field that did not change.
     */
    private static EndpointSpec.ResourcesSpec resourceChanges(
            EndpointManifest manifest, Endpoint current, List<String> differences) {
        Endpoint.Resources now = current.resources();
        boolean changed = false;
        if (manifest.cores() != null
                && (now.cores() == null || Double.compare(manifest.cores(), now.cores()) != 0)) {
            differences.add("cores " + number(now.cores()) + " -> " + number(manifest.cores()));
            changed = true;
        }
        if (manifest.memory() != null
                && !manifest.memory().equals(parseOrNull(now.memory(), Quantity::parse))) {
            differences.add("memory " + now.memory() + " -> " + manifest.memory());
            changed = true;
        }
        if (!changed) {
            return null;
        }
        return new EndpointSpec.ResourcesSpec(
                manifest.cores() != null ? manifest.cores() : now.cores(),
                manifest.memory() != null ? manifest.memory().toString() : now.memory());
    }

    /**
     * Resolves the endpoint's model reference against the server state and the model steps already
     * planned; records a problem and answers null when nothing provides it.
     */
    private VersionTarget resolve(EndpointManifest manifest) {
        ModelReference reference = manifest.model();
        Model model = state.models().get(reference.model());
        boolean managed = manifests.model(reference.model()).isPresent();
        if (model == null && !managed) {
            problem(
                    manifest,
                    "model '" + reference.model() + "' does not exist and no manifest creates it");
            return null;
        }
        return switch (reference) {
            case ModelReference.Pinned pinned -> {
                boolean exists =
                        model != null
                                && model.versions().stream()
                                        .anyMatch(v -> v.version() == pinned.version());
                if (!exists && !registers(reference.model())) {
                    problem(
                            manifest,
                            "model '" + pinned.model() + "' has no version " + pinned.version());
                    yield null;
                }
                // A version the plan registers gets its number from the server; if it is not
                // this one, the server refuses the endpoint and says so.
                yield new Existing(pinned.version());
            }
            case ModelReference.Aliased aliased -> {
                VersionTarget target =
                        aliasesAfterPlan
                                .getOrDefault(aliased.model(), Map.of())
                                .get(aliased.alias());
                if (target == null) {
                    problem(
                            manifest,
                            "model '"
                                    + aliased.model()
                                    + "' has no alias '"
                                    + aliased.alias()
                                    + "' and no manifest sets it");
                }
                yield target;
            }
        };
    }

    private boolean registers(String model) {
        return changes.stream()
                .anyMatch(
                        change ->
                                change instanceof RegisterVersion register
                                        && register.name().equals(model));
    }

    private static boolean modelDiffers(
            ModelReference wanted, VersionTarget target, Endpoint.ServedModel served) {
        // The ref matters too: "fraud:2" and "fraud@champion" resolving to 2 are different specs.
        return !sameVersion(wanted, target, served)
                || (served.ref() != null && !served.ref().equals(wanted.text()));
    }

    private static boolean sameVersion(
            ModelReference wanted, VersionTarget target, Endpoint.ServedModel served) {
        return served != null
                && wanted.model().equals(served.name())
                && target instanceof Existing existing
                && served.version() != null
                && existing.version() == served.version();
    }

    /** The endpoint's active rollout when it goes to the version the manifest names, else null. */
    private Rollout rolloutTo(EndpointManifest manifest, VersionTarget target) {
        Rollout active = state.activeRollouts().get(manifest.name());
        boolean same =
                active != null
                        && target instanceof Existing existing
                        && (manifest.model().model() + ":" + existing.version())
                                .equals(active.to());
        return same ? active : null;
    }

    private static String describe(Endpoint.ServedModel served) {
        return served == null ? "(none)" : served.label();
    }

    private static String describe(ModelReference reference, VersionTarget target) {
        return switch (reference) {
            case ModelReference.Pinned pinned -> pinned.text();
            case ModelReference.Aliased aliased ->
                    aliased.text()
                            + switch (target) {
                                case Existing existing -> " (" + existing.version() + ")";
                                case Registered registered -> " (new version)";
                            };
        };
    }

    private static String number(Double value) {
        if (value == null) {
            return "(default)";
        }
        return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
    }

    private static <T> T parseOrNull(String text, java.util.function.Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException unreadable) {
            return null; // a spelling we cannot read counts as different: the PATCH rewrites it
        }
    }

    private void problem(EndpointManifest manifest, String message) {
        problems.add(
                manifest.source() + ": spec.model '" + manifest.model().text() + "': " + message);
    }
}
